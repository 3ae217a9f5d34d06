package io.quiver.examples;

import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.client.TableSessionConfig;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Java version of the IoTDB Python docs' SSL example: connect with TLS ({@code use_ssl=True},
 * {@code ca_certs}), run a query, print the result.
 *
 * <p>The server's client port must use TLS: in its {@code iotdb-system.properties}, {@code
 * enable_thrift_ssl=true}, {@code key_store_path} and {@code key_store_pwd}. The PEM file holds the
 * certificate of the CA that signed the server's certificate (for a self-signed one, the
 * certificate itself: {@code keytool -exportcert -rfc}), and that certificate must name the host of
 * the URL (subject alternative name), since host names are verified.
 *
 * <p>Run: {@code java -cp cli/target/quiver-cli.jar io.quiver.examples.SslExample HOST:PORT CA.pem}.
 */
public final class SslExample {
  private SslExample() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: SslExample HOST:PORT CA_CERTS.pem");
      System.exit(2);
    }
    run(args[0], Path.of(args[1]), System.out);
  }

  /**
   * Connects to {@code url} over TLS trusting the certificates in {@code caCerts}, lists the
   * databases and prints them.
   *
   * @return the number of rows printed
   */
  public static int run(String url, Path caCerts, PrintStream out) {
    TableSessionConfig config = TableSessionConfig.builder()
        .nodeUrls(url)
        .useSsl(true)          // use_ssl = True
        .caCerts(caCerts)      // ca_certs = "/path/server.crt"
        .build();
    try (TableSession session = TableSession.open(config)) {
      out.println("ssl example: connected over TLS to " + session.endpoint() + " (IoTDB "
          + session.serverVersion() + "), trusting " + caCerts);
      out.println("SHOW DATABASES:");
      try (SessionDataSet result = session.executeQueryStatement("SHOW DATABASES")) {
        return ResultPrinter.print(result, out, 100);
      }
    }
  }
}
