package io.quiver.client.spi;

/**
 * The rows of many tree-model devices in one batch: a batch whose columns are measurements (the
 * device column left out) and the batch's row indices grouped by device, for {@code
 * Session.insertTablets}. The Arrow bridge's {@code ArrowDeviceBatch} builds one from a
 * {@code VectorSchemaRoot} with a device column in one pass.
 */
public interface DeviceRows {
  /** Every row, every measurement column; its table name is not used. */
  InsertBatch batch();

  /** The number of devices. */
  int deviceCount();

  /** The path of device {@code g} ({@code root.sg.d1}). */
  String devicePath(int g);

  /** Every row index of {@link #batch()}, grouped by device; shared, not to be modified. */
  int[] rows();

  /** The index in {@link #rows()} of device {@code g}'s first row. */
  int start(int g);

  /** The index in {@link #rows()} after device {@code g}'s last row. */
  int end(int g);
}
