package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.TableSessionConfig;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust settings that cannot work fail when the session opens, before any connection, naming the
 * setting and the file. (Handshakes against a real TLS IoTDB are tested in the integration tests.)
 */
class TlsSocketsTest {
  @TempDir Path dir;

  private static TableSessionConfig.Builder tls() {
    return TableSessionConfig.builder().useSsl(true);
  }

  private static IllegalArgumentException refused(TableSessionConfig config) {
    return assertThrows(IllegalArgumentException.class, () -> TlsSockets.fromConfig(config));
  }

  @Test
  void noTlsWhenUseSslIsOff() {
    assertNull(TlsSockets.fromConfig(TableSessionConfig.builder().build()));
  }

  @Test
  void aMissingCaCertsFileIsNamed() {
    Path missing = dir.resolve("nowhere.pem");
    IllegalArgumentException e = refused(tls().caCerts(missing).build());
    assertTrue(e.getMessage().startsWith("caCerts: there is no file") && e.getMessage().contains("nowhere.pem"),
        e.getMessage());
  }

  @Test
  void aCaCertsFileWithoutCertificatesIsRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    IllegalArgumentException e = refused(tls().caCerts(empty).build());
    assertTrue(e.getMessage().startsWith("caCerts: ") && e.getMessage().contains("holds no certificate"),
        e.getMessage());
  }

  @Test
  void aCaCertsFileThatIsNotPemIsRefused() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.pem"),
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
    IllegalArgumentException e = refused(tls().caCerts(text).build());
    assertTrue(e.getMessage().startsWith("caCerts: ") && e.getMessage().contains("is not a PEM file"),
        e.getMessage());
  }

  @Test
  void aTrustStoreWithTheWrongPasswordIsRefused() throws Exception {
    Path store = emptyPkcs12("right".toCharArray());
    IllegalArgumentException e = refused(tls().trustStore(store, "wrong".toCharArray()).build());
    assertTrue(e.getMessage().startsWith("trustStore: cannot read") && e.getMessage().contains("password"),
        e.getMessage());
  }

  @Test
  void aTrustStoreWithoutCertificatesIsRefused() throws Exception {
    Path store = emptyPkcs12("pw".toCharArray());
    IllegalArgumentException e = refused(tls().trustStore(store, "pw".toCharArray()).build());
    assertTrue(e.getMessage().startsWith("trustStore: ") && e.getMessage().contains("holds no certificate"),
        e.getMessage());
  }

  @Test
  void aMissingTrustStoreIsNamed() {
    IllegalArgumentException e = refused(tls().trustStore(dir.resolve("none.p12"), null).build());
    assertTrue(e.getMessage().startsWith("trustStore: there is no file"), e.getMessage());
  }

  private Path emptyPkcs12(char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    Path file = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password);
    }
    return file;
  }
}
