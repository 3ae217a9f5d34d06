package io.quiver.localiotdb;

import java.nio.file.Path;

/**
 * The folder that holds Quiver's {@code .quiver/} (downloaded IoTDB, instances): the system property
 * {@code quiver.home}, else the environment variable {@code QUIVER_HOME}, else the current directory.
 */
public final class QuiverHome {
  private QuiverHome() {
  }

  public static Path resolve() {
    String fromProperty = System.getProperty("quiver.home");
    if (fromProperty != null && !fromProperty.isBlank()) {
      return Path.of(fromProperty).toAbsolutePath().normalize();
    }
    String fromEnv = System.getenv("QUIVER_HOME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath().normalize();
    }
    return Path.of("").toAbsolutePath();
  }
}
