package io.quiver.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The connection options every command that talks to IoTDB takes (a picocli mixin). They are only
 * collected here; {@link ConnectionSettings#resolve} merges them with the environment and the
 * {@code --config} file, checks them and reads the password.
 *
 * <p>The password is never an option value: it comes from env {@value ConnectionSettings#PASSWORD_ENV},
 * {@code --password-file}, the config file, or a prompt without echo.
 */
public final class ConnectionOptions {
  @Option(names = "--url", paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "the IoTDB node(s) (default: env QUIVER_IOTDB_URL, else 127.0.0.1:6667)")
  String url;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "the user (default root)")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "read the password from the first line of FILE (else env QUIVER_PASSWORD;"
          + " else a prompt on a terminal when --user is given)")
  Path passwordFile;

  @Option(names = {"-W", "--ask-password"},
      description = "ask for the password on the terminal, without echo")
  boolean askPassword;

  @Option(names = "--ssl", negatable = true, description = "connect with TLS (default off)")
  Boolean ssl;

  @Option(names = "--ca-certs", paramLabel = "PEM",
      description = "trust the CA certificate(s) in this PEM file (implies --ssl)")
  Path caCerts;

  @Option(names = "--trust-store", paramLabel = "FILE",
      description = "trust the certificates in this JKS/PKCS12 store (implies --ssl; its password from"
          + " env QUIVER_TRUST_STORE_PASSWORD or the config file)")
  Path trustStore;

  @Option(names = "--compression", negatable = true,
      description = "Thrift compact protocol; must match the server's dn_rpc_thrift_compression_enable")
  Boolean compression;

  @Option(names = "--connect-timeout", paramLabel = "DURATION",
      description = "connect and TLS handshake limit, e.g. 10s, 500ms (default 10s)")
  String connectTimeout;

  @Option(names = "--read-timeout", paramLabel = "DURATION",
      description = "limit for each answer once connected, e.g. 60s, 2m (default 60s)")
  String readTimeout;

  @Option(names = "--config", paramLabel = "FILE",
      description = "read connection settings from a properties file (keys: url, user, password,"
          + " password-file, ssl, ca-certs, trust-store, trust-store-password, compression,"
          + " connect-timeout, read-timeout); options given here win")
  Path config;
}
