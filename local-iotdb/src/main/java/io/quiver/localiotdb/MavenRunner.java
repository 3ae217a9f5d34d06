package io.quiver.localiotdb;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's {@code mvn} as a child process (from env {@code QUIVER_MVN}, else {@code mvn} on the PATH),
 * so artifacts come through whatever repositories and mirrors Maven is configured with.
 */
final class MavenRunner {
  /** What one run printed and how it ended. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }

    /** The last {@code n} lines of the output. */
    String tail(int n) {
      return LogTail.lastLines(output, n);
    }
  }

  private final String mvn;

  MavenRunner(String mvn) {
    this.mvn = mvn;
  }

  /** The runner for the {@code mvn} this machine has. */
  static MavenRunner locate() {
    String fromEnv = System.getenv("QUIVER_MVN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new MavenRunner(fromEnv.trim());
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        for (String name : List.of("mvn", "mvn.cmd")) {
          Path candidate = Path.of(dir, name);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return new MavenRunner(candidate.toString());
          }
        }
      }
    }
    throw new LocalIoTDBException("Maven ('mvn') is needed to fetch IoTDB but is not on the PATH; install Maven"
        + " or set QUIVER_MVN to the mvn executable");
  }

  /**
   * Runs {@code mvn -B -ntp <args>} in {@code workDir} (which should hold no pom.xml), writing its output to
   * {@code logFile}, and waits at most {@code timeout}.
   */
  Result run(Path workDir, Path logFile, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of(mvn, "-B", "-ntp"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot run Maven (" + mvn + "): " + e.getMessage()
          + "; set QUIVER_MVN to the mvn executable", e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new LocalIoTDBException("Maven did not finish within " + timeout.toMinutes() + " min: "
            + String.join(" ", command) + "; its output is in " + logFile);
      }
      return new Result(process.exitValue(), Files.readString(logFile, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new LocalIoTDBException("interrupted while Maven ran: " + String.join(" ", command), e);
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot read Maven's output from " + logFile + ": " + e.getMessage(), e);
    }
  }

  static File nullDevice() {
    return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
  }
}
