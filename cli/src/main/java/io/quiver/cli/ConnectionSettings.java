package io.quiver.cli;

import io.quiver.client.TableSessionConfig;
import io.quiver.client.TableSessionPoolConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where and how a command connects: the {@link ConnectionOptions} of its command line, merged with
 * the environment and the {@code --config} properties file, checked, with the password read.
 *
 * <p>Each setting comes from the first of: the command line, the environment ({@value #URL_ENV},
 * {@value #PASSWORD_ENV}, {@value #TRUST_STORE_PASSWORD_ENV}), the config file, the default. The
 * password: env {@value #PASSWORD_ENV}, else {@code --password-file}, else the config file's {@code
 * password-file} or {@code password}, else a prompt without echo ({@code --ask-password}, or a
 * {@code --user} other than root on a terminal), else "root" for the user root. A non-root user
 * with no password and no terminal is an error, so a script never hangs on a prompt. The password
 * is never printed: {@link #toString} leaves it out.
 *
 * @param nodeUrls the nodes, host:port
 * @param user the user
 * @param password the password
 * @param ssl whether to use TLS
 * @param caCerts the PEM file of trusted CA certificates, or null
 * @param trustStore the trust store, or null
 * @param trustStorePassword its password, or null
 * @param compression whether to use Thrift's compact protocol
 * @param connectTimeout the connect timeout, or null for the client's default
 * @param readTimeout the read timeout, or null for the client's default
 */
public record ConnectionSettings(
    List<String> nodeUrls,
    String user,
    String password,
    boolean ssl,
    Path caCerts,
    Path trustStore,
    char[] trustStorePassword,
    boolean compression,
    Duration connectTimeout,
    Duration readTimeout) {

  public static final String URL_ENV = "QUIVER_IOTDB_URL";
  public static final String PASSWORD_ENV = "QUIVER_PASSWORD";
  public static final String TRUST_STORE_PASSWORD_ENV = "QUIVER_TRUST_STORE_PASSWORD";
  public static final String DEFAULT_URL = "127.0.0.1:6667";
  public static final String DEFAULT_USER = "root";

  static final Set<String> CONFIG_KEYS = Set.of("url", "user", "password", "password-file", "ssl",
      "ca-certs", "trust-store", "trust-store-password", "compression", "connect-timeout",
      "read-timeout");

  /** Asks for a password on the terminal without echo; returns null when there is no terminal. */
  @FunctionalInterface
  public interface PasswordPrompt {
    char[] ask(String prompt);

    /** The JVM's console, when one is attached. */
    PasswordPrompt CONSOLE = prompt -> System.console() == null ? null
        : System.console().readPassword("%s", prompt);
  }

  /**
   * Merges the options with the environment and the config file.
   *
   * @throws IllegalArgumentException naming the option, variable or key that is wrong
   */
  public static ConnectionSettings resolve(ConnectionOptions options, Map<String, String> env,
      PasswordPrompt prompt) {
    Properties file = options.config == null ? new Properties() : readConfig(options.config);
    Path base = options.config == null ? null : options.config.toAbsolutePath().getParent();

    String url = first(options.url, env.get(URL_ENV), file.getProperty("url"), DEFAULT_URL);
    List<String> urls = urls(url);
    String user = first(options.user, file.getProperty("user"), DEFAULT_USER);

    Path caCerts = options.caCerts != null ? options.caCerts : path(base, file, "ca-certs");
    Path trustStore = options.trustStore != null ? options.trustStore : path(base, file, "trust-store");
    if (caCerts != null && trustStore != null) {
      throw new IllegalArgumentException("give --ca-certs or --trust-store, not both");
    }
    boolean ssl = options.ssl != null ? options.ssl
        : file.containsKey("ssl") ? bool(file, "ssl") : caCerts != null || trustStore != null;
    if (!ssl && (caCerts != null || trustStore != null)) {
      throw new IllegalArgumentException((caCerts != null ? "--ca-certs" : "--trust-store")
          + " is given but --no-ssl (or ssl=false) turns TLS off");
    }
    checkReadable(caCerts, "--ca-certs");
    checkReadable(trustStore, "--trust-store");
    char[] storePassword = null;
    if (trustStore != null) {
      String p = first(env.get(TRUST_STORE_PASSWORD_ENV), file.getProperty("trust-store-password"));
      storePassword = p == null ? null : p.toCharArray();
    }
    boolean compression = options.compression != null ? options.compression
        : file.containsKey("compression") && bool(file, "compression");
    Duration connect = duration("--connect-timeout",
        first(options.connectTimeout, file.getProperty("connect-timeout")));
    Duration read = duration("--read-timeout", first(options.readTimeout, file.getProperty("read-timeout")));

    String password = password(options, env, file, base, user, prompt);
    return new ConnectionSettings(urls, user, password, ssl, caCerts, trustStore, storePassword,
        compression, connect, read);
  }

  private static String password(ConnectionOptions options, Map<String, String> env,
      Properties file, Path base, String user, PasswordPrompt prompt) {
    if (!options.askPassword) {
      String fromEnv = env.get(PASSWORD_ENV);
      if (fromEnv != null && !fromEnv.isEmpty()) {
        return fromEnv;
      }
      if (options.passwordFile != null) {
        return readPasswordFile(options.passwordFile, "--password-file");
      }
      Path filePassword = path(base, file, "password-file");
      if (filePassword != null) {
        return readPasswordFile(filePassword, "password-file in " + options.config);
      }
      if (file.getProperty("password") != null) {
        return file.getProperty("password");
      }
      if (user.equals(DEFAULT_USER) && options.user == null) {
        return DEFAULT_USER;
      }
    }
    char[] typed = prompt.ask("password for " + user + ": ");
    if (typed == null) {
      throw new IllegalArgumentException("no password for user '" + user + "': set env "
          + PASSWORD_ENV + ", give --password-file FILE, or run on a terminal to be asked");
    }
    String password = new String(typed);
    Arrays.fill(typed, '\0');
    return password;
  }

  /** Applies the settings to a session configuration. */
  public TableSessionConfig.Builder applyTo(TableSessionConfig.Builder b) {
    return applyToSettings(b);
  }

  /** Applies the settings to a tree-model session configuration. */
  public io.quiver.client.SessionConfig.Builder applyTo(io.quiver.client.SessionConfig.Builder b) {
    return applyToSettings(b);
  }

  /** Applies the settings to a tree-model pool configuration. */
  public io.quiver.client.SessionPoolConfig.Builder applyTo(
      io.quiver.client.SessionPoolConfig.Builder b) {
    return applyToSettings(b);
  }

  private <B extends io.quiver.client.SessionSettings<B>> B applyToSettings(B b) {
    b.nodeUrls(nodeUrls).username(user).password(password).enableCompression(compression);
    if (ssl) {
      b.useSsl(true);
      if (caCerts != null) {
        b.caCerts(caCerts);
      }
      if (trustStore != null) {
        b.trustStore(trustStore, trustStorePassword);
      }
    }
    if (connectTimeout != null) {
      b.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      b.readTimeout(readTimeout);
    }
    return b;
  }

  /** Applies the settings to a pool configuration. */
  public TableSessionPoolConfig.Builder applyTo(TableSessionPoolConfig.Builder b) {
    b.nodeUrls(nodeUrls).username(user).password(password).enableCompression(compression);
    if (ssl) {
      b.useSsl(true);
      if (caCerts != null) {
        b.caCerts(caCerts);
      }
      if (trustStore != null) {
        b.trustStore(trustStore, trustStorePassword);
      }
    }
    if (connectTimeout != null) {
      b.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      b.readTimeout(readTimeout);
    }
    return b;
  }

  /** A session configuration with these settings. */
  public TableSessionConfig sessionConfig() {
    return applyTo(TableSessionConfig.builder()).build();
  }

  /** The nodes as one "host:port,host:port" string. */
  public String urlText() {
    return String.join(",", nodeUrls);
  }

  @Override
  public String toString() {
    return "ConnectionSettings[nodeUrls=" + nodeUrls + ", user=" + user + ", password=(hidden), ssl="
        + ssl + ", caCerts=" + caCerts + ", trustStore=" + trustStore + ", compression="
        + compression + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
  }

  // ---- parsing helpers

  static List<String> urls(String text) {
    List<String> urls = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String url = part.trim();
      DemoCommand.parse(url);
      urls.add(url);
    }
    return List.copyOf(urls);
  }

  /**
   * Parses a duration: a number with a unit ({@code ms}, {@code s}, {@code m}), or a bare number of
   * seconds; null stays null.
   */
  static Duration duration(String option, String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    long factorMillis;
    String number;
    if (t.endsWith("ms")) {
      factorMillis = 1;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      factorMillis = 1000;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      factorMillis = 60_000;
      number = t.substring(0, t.length() - 1);
    } else {
      factorMillis = 1000;
      number = t;
    }
    long n;
    try {
      n = Long.parseLong(number.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not a duration such as 10s,"
          + " 500ms or 2m", e);
    }
    if (n < 1) {
      throw new IllegalArgumentException(option + " '" + text + "' must be positive");
    }
    return Duration.ofMillis(Math.multiplyExact(n, factorMillis));
  }

  private static Properties readConfig(Path path) {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("--config " + path + " cannot be read: " + e.getMessage(), e);
    }
    Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
    unknown.removeAll(CONFIG_KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("--config " + path + ": unknown key(s) " + unknown
          + "; known: " + new TreeSet<>(CONFIG_KEYS));
    }
    return p;
  }

  private static String readPasswordFile(Path path, String source) {
    try {
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new IllegalArgumentException(source + " " + path + " is empty; put the password on its"
            + " first line");
      }
      return lines.get(0);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " " + path + " cannot be read: " + e, e);
    }
  }

  private static void checkReadable(Path path, String option) {
    if (path != null && !Files.isReadable(path)) {
      throw new IllegalArgumentException(option + " " + path + " is not a readable file");
    }
  }

  private static Path path(Path base, Properties file, String key) {
    String value = file.getProperty(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path p = Path.of(value.trim());
    return base == null || p.isAbsolute() ? p : base.resolve(p);
  }

  private static boolean bool(Properties file, String key) {
    String v = file.getProperty(key).trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("config key " + key + "=" + file.getProperty(key)
          + " is not true or false");
    }
    return v.equals("true");
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
