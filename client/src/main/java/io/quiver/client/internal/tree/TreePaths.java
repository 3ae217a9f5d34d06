package io.quiver.client.internal.tree;

/** Placeholder, replaced by the probed rules. */
final class TreePaths {
  private TreePaths() {}

  static void check(DeviceBatch device) {}
}
