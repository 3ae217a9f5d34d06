package io.quiver.localiotdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacks a zip file, refusing any entry that would land outside the target folder ("zip slip"). */
final class SafeUnzip {
  private SafeUnzip() {
  }

  /** Unpacks {@code zip} into {@code targetDir} (created if needed) and returns the number of files. */
  static int unzip(Path zip, Path targetDir) throws IOException {
    Path root = targetDir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    int files = 0;
    try (ZipFile zipFile = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = zipFile.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path dest = resolveEntry(root, entry.getName());
        if (dest.equals(root)) {
          continue;
        }
        if (entry.isDirectory()) {
          Files.createDirectories(dest);
        } else {
          Files.createDirectories(dest.getParent());
          try (InputStream in = zipFile.getInputStream(entry)) {
            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
          }
          files++;
        }
      }
    }
    return files;
  }

  /** Where entry {@code name} goes under {@code root}; throws if that is outside {@code root}. */
  static Path resolveEntry(Path root, String name) {
    String normalizedName = name.replace('\\', '/');
    if (normalizedName.startsWith("/") || normalizedName.matches("^[A-Za-z]:.*")) {
      throw new LocalIoTDBException("refusing zip entry '" + name + "': absolute path");
    }
    Path dest = root.resolve(normalizedName).normalize();
    if (!dest.startsWith(root)) {
      throw new LocalIoTDBException("refusing zip entry '" + name + "': it would be written outside " + root);
    }
    return dest;
  }
}
