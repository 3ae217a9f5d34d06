package io.quiver.client.internal;

import io.quiver.client.TableSessionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS layer of a connection from the session settings: the certificates to trust come
 * from a PEM file ({@code caCerts}, as the Python client), a trust store, or the JVM's defaults.
 * The server's host name is verified against its certificate. There is no plaintext fallback: a
 * failed handshake fails the connection.
 */
public final class TlsSockets {
  private final SSLSocketFactory factory;

  private TlsSockets(SSLSocketFactory factory) {
    this.factory = factory;
  }

  /** The TLS settings of this configuration, or null when TLS is off. */
  public static TlsSockets fromConfig(TableSessionConfig config) {
    if (!config.useSsl()) {
      return null;
    }
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (config.caCerts() != null) {
        tmf.init(loadPem(config));
      } else if (config.trustStore() != null) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(config.trustStore())) {
          ks.load(in, config.trustStorePassword());
        }
        tmf.init(ks);
      } else {
        tmf.init((KeyStore) null);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return new TlsSockets(ctx.getSocketFactory());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "useSsl: cannot load the trusted certificates ("
              + (config.caCerts() != null ? "caCerts " + config.caCerts() : "trustStore " + config.trustStore())
              + "): " + e.getMessage(),
          e);
    }
  }

  private static KeyStore loadPem(TableSessionConfig config) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(config.caCerts())) {
      certs = cf.generateCertificates(in);
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate found in " + config.caCerts());
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    return ks;
  }

  /** Layers TLS over a connected socket and completes the handshake. */
  Socket wrap(Socket plain, Endpoint endpoint) throws IOException {
    SSLSocket ssl = (SSLSocket) factory.createSocket(plain, endpoint.host(), endpoint.port(), true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }
}
