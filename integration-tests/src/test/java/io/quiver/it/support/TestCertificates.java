package io.quiver.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the JDK's own {@code keytool} (found through {@code
 * java.home}): a self-signed RSA key pair in a PKCS12 key store for the server, its certificate as
 * a PEM file (what {@code caCerts} takes) and in a PKCS12 trust store (what {@code trustStore}
 * takes). Valid for two days; passwords random per call. The subject is {@code CN=quiver-test-<name>},
 * never a host name, so only the subject alternative names can match a host (a JDK client falls
 * back to the CN when a certificate has no DNS name).
 */
public final class TestCertificates {
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  /** One generated identity; {@code san} is the certificate's subject alternative names. */
  public record Identity(String san, Path keyStore, String keyStorePassword, Path certificatePem, Path trustStore,
      String trustStorePassword) {
  }

  private TestCertificates() {
  }

  /**
   * Generates an identity in {@code dir} with files named after {@code name}.
   *
   * @param san keytool's subjectAltName list, e.g. {@code ip:127.0.0.1,dns:localhost}
   */
  public static Identity generate(Path dir, String name, String san) {
    Path keyStore = dir.resolve(name + "-keystore.p12");
    Path pem = dir.resolve(name + ".pem");
    Path trustStore = dir.resolve(name + "-truststore.p12");
    String keyPassword = randomPassword();
    String trustPassword = randomPassword();
    keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=quiver-test-" + name + ",O=Quiver tests", "-ext", "SAN=" + san, "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", keyPassword, "-keypass", keyPassword);
    keytool(dir, "-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass", keyPassword,
        "-file", pem.toString());
    keytool(dir, "-importcert", "-noprompt", "-alias", name, "-file", pem.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", trustPassword);
    return new Identity(san, keyStore, keyPassword, pem, trustStore, trustPassword);
  }

  private static String randomPassword() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return "pw-" + HexFormat.of().formatHex(b);
  }

  /** The keytool of the JDK running the tests. */
  static Path keytoolBinary() {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path unix = bin.resolve("keytool");
    return Files.isExecutable(unix) ? unix : bin.resolve("keytool.exe");
  }

  /** Runs keytool, its output going to {@code dir/keytool.log} so that a full pipe never blocks it. */
  private static void keytool(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(keytoolBinary().toString());
    command.addAll(List.of(args));
    try {
      Path log = dir.resolve("keytool.log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      p.getOutputStream().close();
      boolean done = p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed with exit code " + p.exitValue() + ": "
            + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + keytoolBinary() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
