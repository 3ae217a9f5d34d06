package io.quiver.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.spark.QuiverOptions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Spark rows through Spark's ArrowWriter into a batch that ArrowTablet takes with the IoTDB types
 * {@link WritePlan} promised; the allocator is checked for leaks.
 */
class SparkArrowRowsTest {
  private static final StructType SCHEMA = new StructType()
      .add("time", DataTypes.TimestampType).add("dev", DataTypes.StringType).add("b", DataTypes.BooleanType)
      .add("i8", DataTypes.ByteType).add("i16", DataTypes.ShortType).add("i32", DataTypes.IntegerType)
      .add("i64", DataTypes.LongType).add("f32", DataTypes.FloatType).add("f64", DataTypes.DoubleType)
      .add("s", DataTypes.StringType).add("bin", DataTypes.BinaryType).add("d", DataTypes.DateType)
      .add("ts", DataTypes.TimestampNTZType);

  @Test
  void everyWritableSparkTypeBecomesTheIoTDBTypeThePlanNames() {
    WritePlan plan = WritePlan.of(SCHEMA, null, QuiverOptions.of(Map.of("table", "db.t", "tags", "dev")));
    List<String> names = plan.columns().stream().map(WritePlan.Column::name).collect(Collectors.toList());
    try (BufferAllocator allocator = new RootAllocator();
        SparkArrowRows rows = new SparkArrowRows(SCHEMA, names, allocator)) {
      for (int r = 0; r < 3; r++) {
        rows.write(new GenericInternalRow(new Object[] {1_700_000_000_000_000L + r, UTF8String.fromString("d" + r),
            r == 1 ? null : true, (byte) r, (short) r, r, (long) r, 1.5f, 2.5, UTF8String.fromString("x"),
            new byte[] {(byte) r}, 19_000 + r, 5L}));
      }
      VectorSchemaRoot root = rows.finish();
      assertEquals(3, root.getRowCount());
      assertTrue(root.getVector("time") instanceof TimeStampMicroTZVector);
      assertEquals("d2", new String(((VarCharVector) root.getVector("dev")).get(2)));
      ArrowTablet tablet = ArrowTablet.builder("t", root).time("time").tag(plan.names(ColumnCategory.TAG)).build();
      for (int i = 0; i < tablet.columnCount(); i++) {
        String name = tablet.columnName(i);
        WritePlan.Column c = plan.columns().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals(c.type(), tablet.dataType(i), name);
      }
      assertEquals(DataType.STRING, tablet.dataType(0));
      rows.reset();
      assertEquals(0, rows.rows());
    }
  }
}
