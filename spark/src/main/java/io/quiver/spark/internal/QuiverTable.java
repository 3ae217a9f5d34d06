package io.quiver.spark.internal;

import io.quiver.client.TableSession;
import io.quiver.client.TimePrecision;
import io.quiver.spark.QuiverOptions;
import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * An IoTDB table as Spark sees it. A read table ({@link #forRead}) knows the columns and the
 * server's time precision; a write table ({@link #forWrite}) accepts any DataFrame schema, which
 * {@link WritePlan} checks against the table itself before any task runs.
 */
public final class QuiverTable implements SupportsRead, SupportsWrite {
  private final String name;
  private final StructType schema;
  private final TableInfo info;
  private final TimePrecision precision;
  private final QuiverOptions options;
  private final boolean write;
  private RuntimeException missing;

  private QuiverTable(String name, StructType schema, TableInfo info, TimePrecision precision,
      QuiverOptions options, boolean write) {
    this.name = name;
    this.schema = schema;
    this.info = info;
    this.precision = precision;
    this.options = options;
    this.write = write;
  }

  public static QuiverTable forRead(QuiverOptions options, TableInfo info, TimePrecision precision) {
    return new QuiverTable(options.database() + "." + options.table(), info.sparkSchema(options.timeAsLong()), info,
        precision, options, false);
  }

  /** A table that does not exist: a scan fails with {@code error}; a write goes to the save modes. */
  public static QuiverTable missing(QuiverOptions options, RuntimeException error) {
    QuiverTable t = new QuiverTable(options.database() + "." + options.table(), new StructType(), null, null, options,
        false);
    t.missing = error;
    return t;
  }

  /**
   * What a tree-model write (option {@code deviceColumn}) sees before its save mode is handled: no
   * table, and no batch write, so that Spark hands the write to {@code createRelation}.
   */
  public static QuiverTable treeWriteTarget(QuiverOptions options) {
    QuiverTable t = new QuiverTable("tree devices of column " + options.deviceColumn(), new StructType(), null,
        null, options, false);
    t.missing = new IllegalArgumentException("quiver: option deviceColumn is for tree-model writes; read tree-model "
        + "data with option query");
    return t;
  }

  public static QuiverTable forWrite(QuiverOptions options) {
    String name = options.deviceColumn() != null ? "tree devices of column " + options.deviceColumn()
        : options.database() + "." + options.table();
    return new QuiverTable(name, new StructType(), null, null, options, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return write ? EnumSet.of(TableCapability.BATCH_WRITE, TableCapability.ACCEPT_ANY_SCHEMA)
        : EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
    if (missing != null) {
      throw missing;
    }
    return new QuiverScanBuilder(new ScanPlan(info, precision, options.timeAsLong()), options);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new WriteBuilder() {
      @Override
      public org.apache.spark.sql.connector.write.Write build() {
        return plan(info);
      }
    };
  }

  private QuiverBatchWrite plan(LogicalWriteInfo info) {
    if (options.deviceColumn() != null) {
      return new QuiverBatchWrite(WritePlan.forTree(info.schema(), options), options);
    }
    {
      try (TableSession session = TableSession.open(options.sessionConfig().toBuilder()
          .awaitWindowOnClose(false).build())) {
        TableInfo table = TableInfo.describe(session, options.database(), options.table());
        if (table == null) {
          throw new IllegalArgumentException("quiver: table '" + options.table() + "' does not exist in database '"
              + options.database() + "'");
        }
        return new QuiverBatchWrite(WritePlan.of(info.schema(), table, options), options);
      }
    }
  }
}
