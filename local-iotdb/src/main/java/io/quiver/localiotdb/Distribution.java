package io.quiver.localiotdb;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The IoTDB 2.0.10 binaries, unpacked once per Quiver home under {@code .quiver/dist/iotdb-2.0.10/confignode}
 * and {@code .../datanode} (each with lib/, conf/, sbin/) and shared by all instances. Missing parts are fetched
 * with the machine's {@code mvn} (the zips attached to {@code org.apache.iotdb:iotdb-confignode} and
 * {@code iotdb-server}), unpacked into a temporary folder and renamed into place, under a file lock.
 */
public final class Distribution {
  /** The IoTDB version Quiver runs. */
  public static final String IOTDB_VERSION = "2.0.10";

  private static final String GROUP_ID = "org.apache.iotdb";
  private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
  private static final String INSTALL_PLUGIN = "org.apache.maven.plugins:maven-install-plugin:3.1.4";
  /** The zips' parent POM, which Maven Central lacks; see {@link #installParentStandIn}. */
  private static final String MISSING_PARENT = GROUP_ID + ":iotdb-core:pom:" + IOTDB_VERSION;
  private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(20);
  private static final Duration LOCK_WAIT = Duration.ofMinutes(30);

  private final Path quiverDir;
  private final Path distDir;
  private final PrintStream out;

  public Distribution(Path quiverHome, PrintStream out) {
    this.quiverDir = quiverHome.toAbsolutePath().normalize().resolve(".quiver");
    this.distDir = quiverDir.resolve("dist");
    this.out = out;
  }

  /** The unpacked package of one node kind (whether it is there yet or not). */
  public Path home(NodeKind kind) {
    return distDir.resolve("iotdb-" + IOTDB_VERSION).resolve(kind.distFolder());
  }

  /** True when both node packages are unpacked. */
  public boolean isPresent() {
    return isComplete(NodeKind.CONFIG_NODE) && isComplete(NodeKind.DATA_NODE);
  }

  /** Fetches and unpacks whatever is missing; returns at once when everything is there. */
  public void ensurePresent() {
    if (isPresent()) {
      return;
    }
    FileLocks.withLock(quiverDir.resolve("dist.lock"), LOCK_WAIT, "fetching IoTDB " + IOTDB_VERSION, out, () -> {
      removeLeftovers();
      for (NodeKind kind : NodeKind.values()) {
        if (!isComplete(kind)) {
          fetchAndUnpack(kind);
        }
      }
      return null;
    });
  }

  private boolean isComplete(NodeKind kind) {
    Path home = home(kind);
    return Files.isDirectory(home.resolve("lib")) && Files.isDirectory(home.resolve("conf"));
  }

  private void fetchAndUnpack(NodeKind kind) {
    String coordinates = GROUP_ID + ":" + kind.artifactId() + ":" + IOTDB_VERSION + ":zip";
    out.println("fetching IoTDB " + IOTDB_VERSION + " " + kind.displayName() + " from Maven Central ("
        + coordinates + ") ...");
    try {
      Files.createDirectories(distDir);
      Path work = Files.createTempDirectory(distDir, "fetch-");
      try {
        long t0 = System.nanoTime();
        Path zip = download(coordinates, work);
        long t1 = System.nanoTime();
        Path unpacked = work.resolve("unpacked");
        int files = SafeUnzip.unzip(zip, unpacked);
        Path root = packageRoot(unpacked, coordinates);
        markScriptsExecutable(root.resolve("sbin"));
        Files.createDirectories(home(kind).getParent());
        Files.move(root, home(kind), StandardCopyOption.ATOMIC_MOVE);
        long t2 = System.nanoTime();
        out.printf("  %s: %d MB fetched in %.1f s, %d files unpacked in %.1f s into %s%n", kind.displayName(),
            Files.size(zip) / (1024 * 1024), seconds(t1 - t0), files, seconds(t2 - t1), home(kind));
      } finally {
        FileTrees.deleteRecursively(work);
      }
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot unpack IoTDB " + kind.displayName() + " into " + distDir + ": "
          + e.getMessage(), e);
    }
  }

  private Path download(String coordinates, Path work) throws IOException {
    MavenRunner maven = MavenRunner.locate();
    Path target = work.resolve("download");
    Files.createDirectories(target);
    Path log = work.resolve("mvn-copy.log");
    String[] args = {DEPENDENCY_PLUGIN + ":copy", "-Dartifact=" + coordinates, "-DoutputDirectory=" + target};
    MavenRunner.Result result = maven.run(work, log, MAVEN_TIMEOUT, args);
    if (!result.succeeded() && result.output().contains(MISSING_PARENT)) {
      out.println("  Maven Central lacks " + MISSING_PARENT + " (the parent POM of the IoTDB zips); installing a"
          + " stand-in that points to iotdb-parent into the local Maven repository, then retrying");
      installParentStandIn(maven, work);
      result = maven.run(work, log, MAVEN_TIMEOUT, args);
    }
    if (!result.succeeded()) {
      throw new LocalIoTDBException("Maven could not fetch " + coordinates + " (exit code " + result.exitCode()
          + "). Check that mvn can reach Maven Central. Maven said:\n" + result.tail(30));
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".zip")).findFirst()
          .orElseThrow(() -> new LocalIoTDBException("Maven reported success but left no zip in " + target
              + " for " + coordinates));
    }
  }

  /**
   * Installs a POM for {@code iotdb-core} whose only content is its parent, {@code iotdb-parent}, which Central
   * has: enough for Maven to read the zips' descriptors.
   */
  private void installParentStandIn(MavenRunner maven, Path work) throws IOException {
    Path pom = work.resolve("iotdb-core-" + IOTDB_VERSION + ".pom");
    Files.writeString(pom, "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<parent><groupId>" + GROUP_ID + "</groupId><artifactId>iotdb-parent</artifactId><version>"
        + IOTDB_VERSION + "</version></parent><artifactId>iotdb-core</artifactId><packaging>pom</packaging>"
        + "<description>Stand-in written by Quiver: Maven Central lacks this POM</description></project>\n",
        StandardCharsets.UTF_8);
    MavenRunner.Result result = maven.run(work, work.resolve("mvn-install.log"), MAVEN_TIMEOUT,
        INSTALL_PLUGIN + ":install-file", "-Dfile=" + pom, "-DpomFile=" + pom, "-Dpackaging=pom");
    if (!result.succeeded()) {
      throw new LocalIoTDBException("Maven could not install the stand-in POM for " + MISSING_PARENT
          + " (exit code " + result.exitCode() + "). Maven said:\n" + result.tail(30));
    }
  }

  /** The folder holding lib/ and conf/: the unpack folder itself or its single top folder. */
  private static Path packageRoot(Path unpacked, String coordinates) throws IOException {
    if (Files.isDirectory(unpacked.resolve("lib"))) {
      return unpacked;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(unpacked)) {
      dir.forEach(children::add);
    }
    if (children.size() == 1 && Files.isDirectory(children.get(0).resolve("lib"))) {
      return children.get(0);
    }
    throw new LocalIoTDBException("the zip " + coordinates + " has no lib/ folder at its top; found " + children);
  }

  private static void markScriptsExecutable(Path sbin) throws IOException {
    if (!Files.isDirectory(sbin)) {
      return;
    }
    try (Stream<Path> files = Files.walk(sbin)) {
      files.filter(p -> p.getFileName().toString().endsWith(".sh")).forEach(p -> {
        if (!p.toFile().setExecutable(true, false)) {
          throw new UncheckedIOException(new IOException("cannot make " + p + " executable"));
        }
      });
    }
  }

  /** Temporary folders of fetches that were interrupted; only called while holding the lock. */
  private void removeLeftovers() {
    if (!Files.isDirectory(distDir)) {
      return;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(distDir, "fetch-*")) {
      for (Path leftover : dir) {
        out.println("removing " + leftover + ", left by an interrupted fetch");
        FileTrees.deleteRecursively(leftover);
      }
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot list " + distDir + ": " + e.getMessage(), e);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
