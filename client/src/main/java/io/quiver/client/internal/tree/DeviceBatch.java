package io.quiver.client.internal.tree;

import io.quiver.client.spi.InsertBatch;
import java.util.Objects;

/**
 * The rows of one tree-model device: its path ({@code root.sg.d1}) and a batch whose columns are
 * the device's measurements. The batch's table name and column categories are not sent (a tree
 * insert has neither); its column names are the measurement names.
 */
public record DeviceBatch(String devicePath, InsertBatch batch) {
  public DeviceBatch {
    Objects.requireNonNull(devicePath, "devicePath");
    Objects.requireNonNull(batch, "batch");
  }
}
