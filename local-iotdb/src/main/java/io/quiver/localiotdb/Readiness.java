package io.quiver.localiotdb;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits until a node that was just started is ready: its log shows the "started" line and its port accepts a
 * TCP connection on 127.0.0.1. Fails early, with the end of its logs, if the process dies; fails at the
 * deadline otherwise.
 */
final class Readiness {
  private static final long POLL_MILLIS = 200;
  private static final int TAIL_LINES = 40;

  private Readiness() {
  }

  static void await(StartedNode started, int port, long deadlineNanos, Duration timeout) {
    LogWatcher log = new LogWatcher(started.mainLog(), started.mainLogOffset(), started.node().kind().readyMarkers());
    while (true) {
      boolean logged = log.poll();
      if (logged && Ports.isAnswering(ClusterSpec.HOST, port, Duration.ofMillis(500))) {
        return;
      }
      if (!started.process().isAlive()) {
        throw new LocalIoTDBException(started.node() + " (pid " + started.process().pid()
            + ") exited during start-up" + exitCode(started.process()) + "." + logs(started));
      }
      if (System.nanoTime() > deadlineNanos) {
        String waitingFor = logged ? "its port " + port + " to answer" : "the line \""
            + started.node().kind().readyMarkers().get(0) + "\" in its log";
        throw new LocalIoTDBException(started.node() + " (pid " + started.process().pid() + ") was not ready "
            + "within " + timeout.toSeconds() + " s (still waiting for " + waitingFor + ")." + logs(started));
      }
      sleep();
    }
  }

  /**
   * The end of the node's log; or, when the node wrote nothing there during this start (say the JVM itself
   * refused to start), the end of what the process printed.
   */
  static String logs(StartedNode started) {
    boolean logGrew = LogWatcher.sizeOf(started.mainLog()) > started.mainLogOffset();
    boolean consoleGrew = LogWatcher.sizeOf(started.consoleLog()) > started.consoleLogOffset();
    Path shown = logGrew || !consoleGrew ? started.mainLog() : started.consoleLog();
    StringBuilder text = new StringBuilder();
    text.append("\n--- last ").append(TAIL_LINES).append(" lines of ").append(shown).append(" ---\n")
        .append(LogTail.lastLines(shown, TAIL_LINES));
    if (logGrew && consoleGrew) {
      text.append("\n--- the process's own output (warnings, errors, JVM messages) is in ")
          .append(started.consoleLog()).append(" ---");
    }
    return text.toString();
  }

  private static String exitCode(Process process) {
    try {
      return " with exit code " + process.exitValue();
    } catch (IllegalThreadStateException e) {
      return " (exit code not known yet: " + e.getMessage() + ")";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIoTDBException("interrupted while waiting for IoTDB to start", e);
    }
  }
}
