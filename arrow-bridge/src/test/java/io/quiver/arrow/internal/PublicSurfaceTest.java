package io.quiver.arrow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The public types of {@code io.quiver.arrow.internal} are only those {@code io.quiver.arrow}
 * calls; every encoder is package-private, reached through {@link ArrowColumns}.
 */
class PublicSurfaceTest {
  @Test
  void onlyTheTypesTheBridgeCallsArePublic() throws URISyntaxException, ClassNotFoundException {
    File dir = new File(new File(ArrowColumns.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
        "io/quiver/arrow/internal");
    assertTrue(dir.isDirectory(), "the compiled classes, not a jar: " + dir);
    Set<String> publicTypes = new TreeSet<>();
    int classes = 0;
    for (String f : dir.list()) {
      if (!f.endsWith(".class") || f.contains("$") || f.equals("package-info.class")) {
        continue;
      }
      classes++;
      String name = f.substring(0, f.length() - ".class".length());
      Class<?> c = Class.forName("io.quiver.arrow.internal." + name);
      if (Modifier.isPublic(c.getModifiers())) {
        publicTypes.add(name);
      }
    }
    assertTrue(classes > 20, "found the package's classes: " + classes);
    assertEquals(Set.of("ArrowColumns", "DeviceGroups", "Errors", "ResultSchema", "TsBlockArrowDecoder"),
        publicTypes);
  }
}
