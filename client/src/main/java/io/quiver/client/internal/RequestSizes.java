package io.quiver.client.internal;

import io.quiver.client.spi.InsertBatch;

/** Upper bounds of request frame sizes, to split batches before the server would refuse them. */
public final class RequestSizes {
  /** Message header, struct headers, fixed fields, list headers: generous. */
  private static final int FIXED_OVERHEAD = 256;

  private RequestSizes() {}

  /** An upper bound of the insertTablet frame this batch makes, in either protocol. */
  public static long insertFrameBound(InsertBatch batch) {
    long size = FIXED_OVERHEAD + 3L * batch.tableName().length() + 8L * batch.rowCount() + batch.valuesSize();
    for (int i = 0; i < batch.columnCount(); i++) {
      // name (4-byte length + at most 3 UTF-8 bytes per char), type (i32), category (byte)
      size += 4 + 3L * batch.columnName(i).length() + 5 + 1;
    }
    return size;
  }
}
