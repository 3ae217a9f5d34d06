package io.quiver.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed API on the module path: a small application module that {@code requires
 * io.quiver.arrow} compiles against the exported packages only (reaching into {@code
 * io.quiver.client.internal} does not compile), and runs in a child JVM with no JVM flags: a row
 * {@code Tablet} and an {@code ArrowTablet} encode, and a session to a closed port fails with a
 * typed {@code ConnectionException}. The other tests run on the class path.
 */
class ModulePathTest {
  private static final String MODULE = "module smoke {\n  requires io.quiver.arrow;\n"
      + "  requires org.apache.arrow.memory.unsafe; // the application picks its allocator\n}\n";

  private static final String MAIN = String.join("\n",
      "package smoke;",
      "import io.quiver.arrow.ArrowTablet;",
      "import io.quiver.client.*;",
      "import io.quiver.client.spi.WireBuffer;",
      "import java.time.Duration;",
      "import org.apache.arrow.memory.*;",
      "import org.apache.arrow.vector.*;",
      "public class Main {",
      "  public static void main(String[] args) {",
      "    Tablet t = Tablet.builder(\"t\").field(\"v\", DataType.DOUBLE).row(1L, 1.0).row(2L, (Object) null).build();",
      "    WireBuffer out = new WireBuffer(64);",
      "    t.writeValues(out, TimePrecision.MILLISECONDS);",
      "    System.out.println(\"tablet \" + out.position());",
      "    try (BufferAllocator a = new RootAllocator(); BigIntVector time = new BigIntVector(\"time\", a);",
      "        Float8Vector v = new Float8Vector(\"v\", a)) {",
      "      time.allocateNew(2); v.allocateNew(2);",
      "      time.set(0, 1); time.set(1, 2); v.set(0, 1.0); v.setNull(1);",
      "      time.setValueCount(2); v.setValueCount(2);",
      "      ArrowTablet at = ArrowTablet.builder(\"t\", VectorSchemaRoot.of(time, v)).build();",
      "      WireBuffer o = new WireBuffer(64);",
      "      at.writeValues(o, TimePrecision.MILLISECONDS);",
      "      System.out.println(\"arrow \" + o.position());",
      "    }",
      "    try {",
      "      TableSession.open(TableSessionConfig.builder().nodeUrls(\"127.0.0.1:1\")",
      "          .connectTimeout(Duration.ofSeconds(5)).build());",
      "    } catch (ConnectionException e) {",
      "      System.out.println(\"typed \" + e.getClass().getSimpleName());",
      "    }",
      "  }",
      "}",
      "");

  /** The library's own classes and its runtime dependencies, from the test class path. */
  private static String modulePath() {
    List<String> keep = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).toString();
      if (name.endsWith("test-classes") || name.contains("junit") || name.contains("opentest4j")
          || name.contains("apiguardian") || name.contains("surefire")) {
        continue;
      }
      keep.add(entry);
    }
    return String.join(File.pathSeparator, keep);
  }

  /** Compiles the module under {@code src}; returns javac's diagnostics, empty when it compiled. */
  private static String compile(Path src, Path out, String modulePath) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", out.toString()));
    try (var files = Files.walk(src)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, null, err, args.toArray(new String[0]));
    String diagnostics = err.toString(StandardCharsets.UTF_8);
    return rc == 0 ? "" : diagnostics.isEmpty() ? "javac failed" : diagnostics;
  }

  @Test
  void anApplicationModuleUsesTheExportedApiWithoutJvmFlags(@TempDir Path dir) throws Exception {
    String mp = modulePath();
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("smoke"));
    Files.writeString(src.resolve("module-info.java"), MODULE);
    Files.writeString(src.resolve("smoke/Main.java"), MAIN);
    Path out = dir.resolve("out");
    assertEquals("", compile(src, out, mp), "the application module compiles against the exported API");

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "--module-path", out + File.pathSeparator + mp,
        "-m", "smoke/smoke.Main").redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM ends");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("tablet 18"), output);
    assertTrue(output.contains("arrow 18"), output);
    assertTrue(output.contains("typed ConnectionException"), output);
  }

  @Test
  void theInternalsAreSealed(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("smoke"));
    Files.writeString(src.resolve("module-info.java"), MODULE);
    Files.writeString(src.resolve("smoke/Peek.java"),
        "package smoke;\nclass Peek {\n  io.quiver.client.internal.Endpoint e;\n}\n");
    String client = compile(src, dir.resolve("out"), modulePath());
    assertTrue(client.contains("package io.quiver.client.internal is not visible"), client);
    Files.writeString(src.resolve("smoke/Peek.java"),
        "package smoke;\nclass Peek {\n  io.quiver.arrow.internal.TypeMapping m;\n}\n");
    String arrow = compile(src, dir.resolve("out"), modulePath());
    assertTrue(arrow.contains("package io.quiver.arrow.internal is not visible"), arrow);
  }
}
