package io.quiver.client;

import io.quiver.client.internal.tree.TreePaths;

/**
 * The checks a tree {@link Session} applies to device paths and measurement names before any byte
 * is sent, for a program that wants to judge its names before it has rows or a connection (a
 * loader checking a whole file first, a form validating input). The rules are IoTDB 2.0.10's, as
 * observed on one (see docs/tree-model.md), plus two stricter ones: no white space outside
 * backquotes and no empty quoted node.
 *
 * <pre>{@code
 * TreeNames.checkDevice("root.sg.d1");            // fine
 * TreeNames.checkMeasurement("root.sg.d1", "s 1"); // InvalidBatchException naming both
 * }</pre>
 */
public final class TreeNames {
  private TreeNames() {}

  /**
   * Checks a device path such as {@code root.sg.d1} (nodes plain or in backquotes).
   *
   * @throws InvalidBatchException naming the path and what is wrong with it
   */
  public static void checkDevice(String path) {
    TreePaths.checkDevice(path);
  }

  /**
   * Checks one measurement name of a device (the device only names it in the message).
   *
   * @throws InvalidBatchException naming the device, the measurement (as its column) and what is
   *     wrong with it
   */
  public static void checkMeasurement(String device, String name) {
    TreePaths.checkMeasurement(device, name);
  }
}
