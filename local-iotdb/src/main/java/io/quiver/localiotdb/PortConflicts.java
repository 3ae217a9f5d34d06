package io.quiver.localiotdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Refuses to start nodes whose ports another process already holds on 127.0.0.1. */
final class PortConflicts {
  private PortConflicts() {
  }

  /** Throws, naming every taken port and its key, if any port of {@code nodes} is in use. */
  static void requireFree(ClusterSpec spec, Collection<NodeRef> nodes) {
    List<String> taken = new ArrayList<>();
    for (NodeRef node : nodes) {
      for (Map.Entry<String, Integer> e : spec.ports().portsOf(node).entrySet()) {
        if (Ports.isInUse(e.getValue())) {
          taken.add("port " + e.getValue() + " (" + e.getKey() + ")");
        }
      }
    }
    if (taken.size() == 1) {
      throw new LocalIoTDBException(taken.get(0) + " on " + ClusterSpec.HOST + " is already in use by another "
          + "process; stop it or choose another instance");
    }
    if (!taken.isEmpty()) {
      throw new LocalIoTDBException(String.join(", ", taken) + " on " + ClusterSpec.HOST + " are already in use "
          + "by other processes; stop them or choose another instance");
    }
  }
}
