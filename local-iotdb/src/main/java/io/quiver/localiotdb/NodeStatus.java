package io.quiver.localiotdb;

import java.util.OptionalLong;

/**
 * The state of one node of a local instance.
 *
 * @param node which node
 * @param pid the recorded pid, if a pid file is there
 * @param alive whether that pid is a live process of this node
 * @param port the node's readiness port (cn_internal_port or the DataNode's client port)
 * @param portAnswering whether 127.0.0.1:port accepts a TCP connection
 */
public record NodeStatus(NodeRef node, OptionalLong pid, boolean alive, int port, boolean portAnswering) {

  /** Alive and answering. */
  public boolean isUp() {
    return alive && portAnswering;
  }

  /** One line for people, e.g. "DataNode 0: pid 456, running, port 6667 answering". */
  public String describe() {
    String pidText = pid.isPresent() ? "pid " + pid.getAsLong() : "no pid file";
    String state = alive ? "running" : (pid.isPresent() ? "not running (stale pid file)" : "not running");
    String portText = "port " + port + (portAnswering ? " answering" : " not answering");
    if (!alive && portAnswering) {
      portText += " (another process listens there)";
    }
    return node + ": " + pidText + ", " + state + ", " + portText;
  }
}
