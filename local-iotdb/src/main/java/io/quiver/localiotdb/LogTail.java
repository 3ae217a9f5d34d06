package io.quiver.localiotdb;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads the end of a log, for error messages. */
final class LogTail {
  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {
  }

  /** The last {@code n} lines of {@code text}. */
  static String lastLines(String text, int n) {
    String[] lines = text.split("\r?\n", -1);
    int end = lines.length;
    if (end > 0 && lines[end - 1].isEmpty()) {
      end--;
    }
    return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, end - n), end));
  }

  /** The last {@code n} lines of the file (looking at its last 64 KiB at most), or a note if unreadable. */
  static String lastLines(Path file, int n) {
    if (!Files.isRegularFile(file)) {
      return "(no log at " + file + ")";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
      return lastLines(new String(bytes, StandardCharsets.UTF_8), n);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
