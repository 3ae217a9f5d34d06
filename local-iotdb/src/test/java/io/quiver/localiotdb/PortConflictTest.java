package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortConflictTest {
  @TempDir
  Path home;

  @Test
  void startRefusesWhenAnotherProcessHoldsTheClientPortAndFetchesNothing() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int taken = squatter.getLocalPort();
      int[] free = freePorts(6);
      PortLayout ports = new PortLayout(free[0], free[1], taken, free[2], free[3], free[4], free[5]);
      ClusterSpec spec = ClusterSpec.builder("conflict").ports(ports).build();
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      LocalCluster cluster = new LocalCluster(spec, home, new PrintStream(progress, true, StandardCharsets.UTF_8));

      LocalIoTDBException e = assertThrows(LocalIoTDBException.class, cluster::start);

      assertTrue(e.getMessage().startsWith("port " + taken + " (dn_rpc_port) on 127.0.0.1 is already in use by "
          + "another process; stop it or choose another instance"), e.getMessage());
      assertFalse(Files.exists(home.resolve(".quiver/dist")), "nothing is fetched when a port is taken");
      assertFalse(Files.exists(home.resolve(".quiver/conflict/pids")), "no process is started");
    }
  }

  @Test
  void aBoundPortIsInUseAndAReleasedOneIsNot() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
      assertTrue(Ports.isInUse(port));
    }
    assertFalse(Ports.isInUse(port));
  }

  @Test
  void everyTakenPortIsNamedWhenSeveralAre() throws IOException {
    try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        ServerSocket b = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int[] free = freePorts(5);
      PortLayout ports = new PortLayout(a.getLocalPort(), free[0], b.getLocalPort(), free[1], free[2], free[3],
          free[4]);
      ClusterSpec spec = ClusterSpec.builder("conflict").ports(ports).build();

      LocalIoTDBException e = assertThrows(LocalIoTDBException.class,
          () -> PortConflicts.requireFree(spec, spec.nodes()));

      assertTrue(e.getMessage().contains("port " + a.getLocalPort() + " (cn_internal_port)"), e.getMessage());
      assertTrue(e.getMessage().contains("port " + b.getLocalPort() + " (dn_rpc_port)"), e.getMessage());
    }
  }

  /** Ports that were free a moment ago (bound to port 0, then released). */
  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }
}
