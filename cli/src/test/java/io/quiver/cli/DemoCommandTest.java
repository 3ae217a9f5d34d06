package io.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.localiotdb.LocalIoTDBException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir
  Path home;

  private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @Test
  void addressesThatAreNotHostColonPortAreRefused() {
    for (String bad : new String[] {"localhost", ":6667", "host:", "host:http", "host:70000"}) {
      assertThrows(IllegalArgumentException.class, () -> DemoCommand.parse(bad), bad);
    }
  }

  @Test
  void onlyLoopbackPort6667CountsAsTheLocalDefault() {
    assertTrue(DemoCommand.isLocalDefault(DemoCommand.parse("127.0.0.1:6667")));
    assertTrue(DemoCommand.isLocalDefault(DemoCommand.parse("localhost:6667")));
    assertFalse(DemoCommand.isLocalDefault(DemoCommand.parse("127.0.0.1:7667")));
    assertFalse(DemoCommand.isLocalDefault(DemoCommand.parse("db.example:6667")));
  }

  @Test
  void anAnsweringAddressIsUsedAsIs() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String address = "127.0.0.1:" + server.getLocalPort();
      assertEquals(address, DemoCommand.ensureServer(address, out, home));
    }
  }

  @Test
  void aSilentNonDefaultAddressFailsClearlyAndStartsNothing() throws IOException {
    int port;
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = server.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    LocalIoTDBException e = assertThrows(LocalIoTDBException.class,
        () -> DemoCommand.ensureServer(address, out, home));
    assertTrue(e.getMessage().startsWith("nothing answers at " + address), e.getMessage());
    assertFalse(Files.exists(home.resolve(".quiver")), "nothing is fetched or started");
  }
}
