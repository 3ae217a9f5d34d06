package io.quiver.localiotdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the {@code java} that runs the current process, to start the nodes with the same JDK. */
final class JavaExecutable {
  private JavaExecutable() {
  }

  static String current() {
    Optional<String> command = ProcessHandle.current().info().command();
    if (command.isPresent() && Files.isExecutable(Path.of(command.get()))
        && Path.of(command.get()).getFileName().toString().startsWith("java")) {
      return command.get();
    }
    Path fromHome = Path.of(System.getProperty("java.home"), "bin",
        System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome.toString();
    }
    throw new LocalIoTDBException("cannot find the java executable of this JVM (looked at " + command.orElse("?")
        + " and " + fromHome + "); run Quiver with a full JDK or JRE");
  }
}
