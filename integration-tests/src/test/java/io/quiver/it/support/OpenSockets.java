package io.quiver.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Counts this JVM's own TCP sockets connected to a port, from Linux's {@code /proc}: the kernel's
 * socket table ({@code /proc/net/tcp}, {@code tcp6}) gives each connection's remote port and inode,
 * and {@code /proc/self/fd} says which inodes this process holds. Sockets of other processes on the
 * machine are not counted; a leaked socket is, whatever its TCP state (a socket whose peer closed
 * sits in CLOSE_WAIT until closed here).
 */
public final class OpenSockets {
  private OpenSockets() {}

  /** True where {@code /proc} can answer (Linux). */
  public static boolean supported() {
    return Files.isDirectory(Path.of("/proc/self/fd")) && Files.isReadable(Path.of("/proc/net/tcp"));
  }

  /** Sockets of this process whose remote end is {@code port} on any address. */
  public static int connectedTo(int port) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.isReadable(p)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(p);
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
          String remote = f[2];
          int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
          boolean listening = f[3].toUpperCase(Locale.ROOT).equals("0A");
          if (remotePort == port && !listening && !f[9].equals("0")) {
            inodes.add(f[9]);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + table, e);
      }
    }
    int count = 0;
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // the descriptor closed while we listed them
        }
        if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
          count++;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/fd", e);
    }
    return count;
  }
}
