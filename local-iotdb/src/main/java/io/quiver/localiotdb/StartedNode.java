package io.quiver.localiotdb;

import java.nio.file.Path;

/**
 * A node process this launcher has just started, with where its logs stood before it started.
 *
 * @param node the node
 * @param process the node's process
 * @param mainLog IoTDB's log of the node
 * @param mainLogOffset the size of {@code mainLog} before the start
 * @param consoleLog the file receiving the process's stdout and stderr
 * @param consoleLogOffset the size of {@code consoleLog} before the start
 */
record StartedNode(NodeRef node, Process process, Path mainLog, long mainLogOffset, Path consoleLog,
    long consoleLogOffset) {
}
