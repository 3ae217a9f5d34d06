package io.quiver.client.internal;

import io.quiver.client.ConnectionException;
import io.quiver.client.TableSessionConfig;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS layer of a connection from the session settings: the certificates to trust come
 * from a PEM file ({@code caCerts}, as the Python client), a trust store (JKS or PKCS12), or the
 * JVM's defaults. The server's host name (or IP address) is verified against its certificate's
 * subject alternative names. There is no plaintext fallback: a failed handshake fails the
 * connection, with a {@link ConnectionException} that says which setting to check.
 */
public final class TlsSockets {
  private final SSLSocketFactory factory;
  private final String trustSource;

  private TlsSockets(SSLSocketFactory factory, String trustSource) {
    this.factory = factory;
    this.trustSource = trustSource;
  }

  /**
   * The TLS settings of this configuration, or null when TLS is off.
   *
   * @throws IllegalArgumentException naming {@code caCerts} or {@code trustStore} when the file is
   *     missing, unreadable or holds no certificate
   */
  public static TlsSockets fromConfig(TableSessionConfig config) {
    if (!config.useSsl()) {
      return null;
    }
    KeyStore trusted;
    String source;
    if (config.caCerts() != null) {
      trusted = loadPem(config.caCerts());
      source = "caCerts " + config.caCerts();
    } else if (config.trustStore() != null) {
      trusted = loadTrustStore(config.trustStore(), config.trustStorePassword());
      source = "trustStore " + config.trustStore();
    } else {
      trusted = null;
      source = "the JVM's default trust store (neither caCerts nor trustStore is set)";
    }
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return new TlsSockets(ctx.getSocketFactory(), source);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("useSsl: cannot set up TLS trusting " + source + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore loadPem(Path pem) {
    requireFile(pem, "caCerts");
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("caCerts: " + pem + " is not a PEM file of X.509 certificates"
          + " (-----BEGIN CERTIFICATE----- blocks): " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("caCerts: " + pem + " holds no certificate; expected PEM"
          + " (-----BEGIN CERTIFICATE----- blocks) of the CA that signed the server's certificate");
    }
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("caCerts: cannot hold the certificates of " + pem + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore loadTrustStore(Path file, char[] password) {
    requireFile(file, "trustStore");
    KeyStore ks;
    try {
      // Detects JKS, PKCS12 and JCEKS from the file's content.
      ks = KeyStore.getInstance(file.toFile(), password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("trustStore: cannot read " + file + " (a JKS or PKCS12 file; is the"
          + " password right?): " + e.getMessage(), e);
    }
    try {
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.getCertificate(alias) != null) {
          return ks;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("trustStore: cannot list the certificates of " + file + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("trustStore: " + file + " holds no certificate"
        + (password == null ? " that can be read without a password; give its password" : ""));
  }

  private static void requireFile(Path file, String setting) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(setting + ": there is no file " + file.toAbsolutePath());
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(setting + ": " + file.toAbsolutePath() + " is not readable");
    }
  }

  /**
   * Layers TLS over a connected socket and completes the handshake, waiting at most {@code
   * timeoutMs} for each answer of the server (0: no limit). Closes the socket when it fails.
   *
   * @throws ConnectionException saying why: the certificate is not trusted or does not name the
   *     host (not retryable), the server does not speak TLS (not retryable), or a timeout or I/O
   *     error (retryable)
   */
  Socket handshake(Socket plain, Endpoint endpoint, int timeoutMs) {
    SSLSocket ssl = null;
    try {
      plain.setSoTimeout(timeoutMs);
      ssl = (SSLSocket) factory.createSocket(plain, endpoint.host(), endpoint.port(), true);
      SSLParameters params = ssl.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(params);
      ssl.startHandshake();
      return ssl;
    } catch (IOException e) {
      closeQuietly(ssl != null ? ssl : plain, e);
      throw explain(e, endpoint, timeoutMs);
    }
  }

  private ConnectionException explain(IOException e, Endpoint endpoint, int timeoutMs) {
    String at = "the TLS handshake with IoTDB at " + endpoint + " failed: ";
    String notTls = "is the server's client port using TLS (enable_thrift_ssl=true in its"
        + " iotdb-system.properties)? If the server is plaintext, set useSsl(false)";
    if (has(e, SocketTimeoutException.class)) {
      return new ConnectionException(endpoint.toString(), at + "no answer within " + timeoutMs
          + " ms (connectTimeout); " + notTls, true, e);
    }
    String hostMismatch = hostMismatch(e);
    if (hostMismatch != null) {
      return new ConnectionException(endpoint.toString(), at + "the server's certificate does not name the host '"
          + endpoint.host() + "' (" + hostMismatch + "). Quiver verifies host names: connect with a name or IP"
          + " address the certificate lists as a subject alternative name, or reissue the certificate with it"
          + " (keytool -ext SAN=ip:...,dns:...)", false, e);
    }
    if (has(e, CertificateException.class) || has(e, CertPathValidatorException.class)) {
      return new ConnectionException(endpoint.toString(), at + "the server's certificate is not trusted by "
          + trustSource + " (" + e.getMessage() + "). Point caCerts at a PEM file of the CA that signed the"
          + " server's certificate (for a self-signed certificate, the certificate itself), or give a"
          + " trustStore that holds it", false, e);
    }
    if (has(e, EOFException.class) || has(e, SocketException.class)
        || String.valueOf(e.getMessage()).contains("Remote host terminated")) {
      return new ConnectionException(endpoint.toString(), at + "the server closed the connection instead of"
          + " answering the TLS handshake (" + e.getMessage() + "); " + notTls, false, e);
    }
    if (e instanceof SSLException && String.valueOf(e.getMessage()).contains("Unsupported or unrecognized")) {
      return new ConnectionException(endpoint.toString(), at + "the server did not answer in TLS ("
          + e.getMessage() + "); " + notTls, false, e);
    }
    if (e instanceof SSLException && String.valueOf(e.getMessage()).contains("fatal alert")) {
      return new ConnectionException(endpoint.toString(), at + "the server refused it (" + e.getMessage()
          + "): do its TLS versions and cipher suites match the JVM's, and does it require a client"
          + " certificate?", false, e);
    }
    return new ConnectionException(endpoint.toString(), at + e, true, e);
  }

  /** The JDK's reason when the certificate does not match the host name, or null. */
  private static String hostMismatch(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t instanceof CertificateException && m != null
          && (m.startsWith("No subject alternative") || m.startsWith("No name matching"))) {
        return m;
      }
    }
    return null;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(Socket socket, Exception cause) {
    try {
      socket.close();
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }
}
