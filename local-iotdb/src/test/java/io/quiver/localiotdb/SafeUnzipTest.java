package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUnzipTest {
  @TempDir
  Path dir;

  @Test
  void unpacksNestedFoldersAndFiles() throws IOException {
    Path zip = zip("ok.zip", "pkg/", "pkg/lib/a.jar", "pkg/conf/iotdb-system.properties");
    int files = SafeUnzip.unzip(zip, dir.resolve("out"));
    assertEquals(2, files);
    assertEquals("content of pkg/lib/a.jar", Files.readString(dir.resolve("out/pkg/lib/a.jar")));
    assertTrue(Files.isRegularFile(dir.resolve("out/pkg/conf/iotdb-system.properties")));
  }

  @Test
  void refusesAnEntryThatClimbsOutOfTheTarget() throws IOException {
    Path zip = zip("slip.zip", "pkg/lib/a.jar", "pkg/../../evil.txt");
    LocalIoTDBException e = assertThrows(LocalIoTDBException.class, () -> SafeUnzip.unzip(zip, dir.resolve("out")));
    assertTrue(e.getMessage().contains("../../evil.txt"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("evil.txt")));
  }

  @Test
  void refusesAnAbsoluteEntry() throws IOException {
    Path zip = zip("abs.zip", "/etc/evil.txt");
    assertThrows(LocalIoTDBException.class, () -> SafeUnzip.unzip(zip, dir.resolve("out")));
  }

  @Test
  void refusesABackslashEntryThatClimbsOut() {
    Path root = dir.resolve("out");
    assertThrows(LocalIoTDBException.class, () -> SafeUnzip.resolveEntry(root, "..\\evil.txt"));
    assertEquals(root.resolve("a/b.txt"), SafeUnzip.resolveEntry(root, "a\\b.txt"));
  }

  private Path zip(String name, String... entries) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
      for (String entry : entries) {
        out.putNextEntry(new ZipEntry(entry));
        if (!entry.endsWith("/")) {
          out.write(("content of " + entry).getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
    }
    return zip;
  }
}
