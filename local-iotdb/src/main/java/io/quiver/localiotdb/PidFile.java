package io.quiver.localiotdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/** A file holding one process id, written atomically. */
final class PidFile {
  private final Path path;

  PidFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** The recorded pid; empty when there is no file or it does not hold a positive number. */
  OptionalLong read() {
    if (!Files.isRegularFile(path)) {
      return OptionalLong.empty();
    }
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot read the pid file " + path + ": " + e.getMessage(), e);
    }
    try {
      long pid = Long.parseLong(text);
      return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** True when a file is there (even one that holds no valid pid). */
  boolean exists() {
    return Files.exists(path);
  }

  void write(long pid) {
    try {
      Files.createDirectories(path.getParent());
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      Files.writeString(tmp, pid + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot write the pid file " + path + ": " + e.getMessage(), e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot delete the pid file " + path + ": " + e.getMessage(), e);
    }
  }
}
