package io.quiver.client.internal;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.spi.InsertBatch;

/**
 * A batch with the table and columns of another ({@link #source()}): {@link EncodedRows} and the
 * row selections it hands out.
 */
abstract class SourceColumns implements InsertBatch {
  abstract InsertBatch source();

  @Override
  public String tableName() {
    return source().tableName();
  }

  @Override
  public int columnCount() {
    return source().columnCount();
  }

  @Override
  public String columnName(int i) {
    return source().columnName(i);
  }

  @Override
  public DataType dataType(int i) {
    return source().dataType(i);
  }

  @Override
  public ColumnCategory category(int i) {
    return source().category(i);
  }
}
