package io.quiver.spark.internal;

import io.quiver.spark.QuiverOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Makes the columnar readers of a scan (every partition is read columnar). */
final class QuiverReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;
  private final QuiverOptions options;
  private final StructType columns;
  private final boolean timeAsLong;
  private final boolean tree;

  QuiverReaderFactory(QuiverOptions options, StructType columns, boolean timeAsLong) {
    this(options, columns, timeAsLong, false);
  }

  /** With {@code tree}, the partitions' statements run in a tree-model session. */
  QuiverReaderFactory(QuiverOptions options, StructType columns, boolean timeAsLong, boolean tree) {
    this.options = options;
    this.columns = columns;
    this.timeAsLong = timeAsLong;
    this.tree = tree;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    throw new UnsupportedOperationException("the quiver data source reads columnar batches only");
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new QuiverColumnarReader(options, ((QuiverInputPartition) partition).sql(), columns.size(),
        timeAsLong, tree);
  }
}
