package io.quiver.localiotdb;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows a log file from a given offset and tells whether one of some marker lines has appeared since. A
 * file that shrinks (rolled over) is followed from its start again.
 */
final class LogWatcher {
  private static final int MAX_CARRY = 4096;

  private final Path file;
  private final List<String> markers;
  private long offset;
  private String carry = "";
  private boolean seen;

  LogWatcher(Path file, long startOffset, List<String> markers) {
    this.file = file;
    this.offset = startOffset;
    this.markers = markers;
  }

  /** The current length of {@code file}, or 0 if it does not exist yet. */
  static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0L;
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot read the size of " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads what was appended since the last call; true once any marker has been seen. */
  boolean poll() {
    if (seen || !Files.exists(file)) {
      return seen;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length < offset) {
        offset = 0;
        carry = "";
      }
      if (length == offset) {
        return false;
      }
      byte[] bytes = new byte[(int) Math.min(length - offset, 8L * 1024 * 1024)];
      raf.seek(offset);
      raf.readFully(bytes);
      offset += bytes.length;
      String text = carry + new String(bytes, StandardCharsets.UTF_8);
      for (String marker : markers) {
        if (text.contains(marker)) {
          seen = true;
          return true;
        }
      }
      carry = text.substring(Math.max(0, text.length() - MAX_CARRY));
      return false;
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
