package io.quiver.spark.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;

/**
 * Spark rows into an Arrow batch, with Spark's own {@code ArrowWriter} (the path Spark uses for
 * its Python UDFs). That class is internal to Spark and its signatures change between versions,
 * so this is the one class that touches it (and {@code ArrowUtils}); a Spark upgrade changes this
 * class only.
 *
 * <p>Types as Spark writes them: timestamps as Timestamp(MICROSECOND, "UTC") (timestamp_ntz without
 * a zone), dates as Date(DAY), strings as Utf8, binary as Binary, byte/short as Int8/Int16. The
 * fields are renamed to the table's column names. Not thread-safe.
 */
public final class SparkArrowRows implements AutoCloseable {
  private final VectorSchemaRoot root;
  private final ArrowWriter writer;
  private int rows;

  /** A batch of {@code schema}'s rows, its fields named {@code names}, in {@code allocator}. */
  public SparkArrowRows(StructType schema, List<String> names, BufferAllocator allocator) {
    Schema spark = ArrowUtils.toArrowSchema(schema, "UTC", true, false);
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < spark.getFields().size(); i++) {
      Field f = spark.getFields().get(i);
      fields.add(new Field(names.get(i), f.getFieldType(), f.getChildren()));
    }
    this.root = VectorSchemaRoot.create(new Schema(fields), allocator);
    this.writer = ArrowWriter.create(root);
  }

  public void write(InternalRow row) {
    writer.write(row);
    rows++;
  }

  /** The rows written since the last {@link #reset()}. */
  public int rows() {
    return rows;
  }

  /** Completes the batch: the root holds {@link #rows()} rows until {@link #reset()}. */
  public VectorSchemaRoot finish() {
    writer.finish();
    return root;
  }

  /** Empties the batch, keeping its buffers for the next one. */
  public void reset() {
    writer.reset();
    rows = 0;
  }

  @Override
  public void close() {
    root.close();
  }
}
