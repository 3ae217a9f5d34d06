package io.quiver.it.support;

import io.quiver.localiotdb.ClusterSpec;
import io.quiver.localiotdb.Distribution;
import io.quiver.localiotdb.LocalCluster;
import io.quiver.localiotdb.StartResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one IoTDB of a test run, shared by every test class. On the first call of {@link #endpoint()} it either
 * takes the IoTDB named by env {@code QUIVER_IOTDB_URL} (already running; never started or stopped here) or
 * starts the local instance "it" (client port 7667), wiping its data first so every run starts clean. The
 * instance is stopped when the JUnit launcher session closes ({@link StopTestIoTDBAtSessionEnd}) or, failing
 * that, when the JVM exits.
 */
public final class TestIoTDB {
  /** Marks the lines the test support prints, so a reader of the build output can tell them apart. */
  static final String PREFIX = "[quiver-it] ";
  private static final PrintStream OUT = new PrintStream(new LinePrefixingOutputStream(System.out, PREFIX), true,
      StandardCharsets.UTF_8);

  private static String endpoint;
  private static LocalCluster startedHere;
  private static RuntimeException startFailure;

  private TestIoTDB() {
  }

  /** The client address ("host:port") of the test IoTDB, starting it on the first call. */
  public static synchronized String endpoint() {
    if (startFailure != null) {
      throw new IllegalStateException("the test IoTDB could not be started earlier in this run (see the first "
          + "failure): " + startFailure.getMessage(), startFailure);
    }
    if (endpoint == null) {
      String external = System.getenv("QUIVER_IOTDB_URL");
      if (external != null && !external.isBlank()) {
        endpoint = external.trim();
        OUT.println("using the IoTDB at " + endpoint + " (QUIVER_IOTDB_URL); the tests neither start nor stop it");
      } else {
        try {
          endpoint = startLocal();
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
      }
    }
    return endpoint;
  }

  /** The local instance, when this run started one (empty when using {@code QUIVER_IOTDB_URL}). */
  public static synchronized Optional<LocalCluster> localCluster() {
    return Optional.ofNullable(startedHere);
  }

  /** Stops the instance if this run started it; safe to call more than once. */
  public static synchronized void stopIfStartedHere() {
    stopIfStartedHere("after the tests");
  }

  static synchronized void stopIfStartedHere(String when) {
    if (startedHere == null) {
      return;
    }
    LocalCluster cluster = startedHere;
    startedHere = null;
    OUT.println("stopping the test IoTDB " + when);
    endpoint = null;
    long t0 = System.nanoTime();
    cluster.stop();
    OUT.printf("IoTDB stopped %s in %.1f s%n", when, (System.nanoTime() - t0) / 1e9);
  }

  private static String startLocal() {
    Path home = quiverHome();
    LocalCluster cluster = new LocalCluster(ClusterSpec.forInstance(ClusterSpec.TEST_INSTANCE), home, OUT);
    StartResult result = cluster.start(true);
    startedHere = cluster;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopIfStartedHere("at JVM exit (safety net)"),
        "quiver-it-stop-iotdb"));
    OUT.printf("IoTDB %s started for the tests at %s in %.1f s%n", Distribution.IOTDB_VERSION, result.rpcEndpoint(),
        result.elapsed().toMillis() / 1000.0);
    return result.rpcEndpoint();
  }

  /**
   * System property {@code quiver.home} (the build sets it to the repository root), else env
   * {@code QUIVER_HOME}, else the nearest folder above the working directory that holds the {@code quiver}
   * script (an IDE runs tests in the module folder), else the working directory.
   */
  static Path quiverHome() {
    String property = System.getProperty("quiver.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    String env = System.getenv("QUIVER_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("quiver")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    return cwd;
  }
}
