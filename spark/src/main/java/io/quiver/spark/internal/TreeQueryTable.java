package io.quiver.spark.internal;

import io.quiver.arrow.ArrowQuery;
import io.quiver.arrow.ArrowResultStream;
import io.quiver.client.DataType;
import io.quiver.client.Session;
import io.quiver.spark.QuiverOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A tree-model query (option {@code query}) as a read-only table: its columns are the result's,
 * named as the server names them ({@code Time} first, then full paths such as {@code
 * root.sg.d1.s1}, or {@code Device} and the measurements under {@code ALIGN BY DEVICE}), typed by
 * {@link TypeMapping}; learned by opening the query once on the driver (the first fetch only). The
 * scan runs the statement as given in one partition, columnar like a table scan; nothing is pushed
 * (the statement is the user's), so Spark applies any filter itself.
 */
public final class TreeQueryTable implements SupportsRead {
  private final QuiverOptions options;
  private final StructType schema;

  private TreeQueryTable(QuiverOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
  }

  /** Opens the query once to learn its columns. */
  public static TreeQueryTable describe(QuiverOptions options) {
    String sql = options.treeQuery();
    try (Session session = Session.open(options.treeSessionConfig());
        BufferAllocator allocator = new RootAllocator();
        ArrowResultStream stream = ArrowQuery.stream(session, sql, allocator, ArrowQuery.Options.defaults()
            .withFetchSize(1).withTimestampsAsMicrosUtc(!options.timeAsLong()))) {
      List<DataType> types = stream.columnTypes();
      StructType schema = new StructType();
      for (int i = 0; i < types.size(); i++) {
        schema = schema.add(stream.schema().getFields().get(i).getName(),
            TypeMapping.toSpark(types.get(i), options.timeAsLong()), true);
      }
      return new TreeQueryTable(options, schema);
    }
  }

  @Override
  public String name() {
    return "tree query [" + options.treeQuery() + "]";
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
    return () -> new TreeScan();
  }

  /** One partition running the query as given. */
  private final class TreeScan implements Scan, Batch {
    @Override
    public StructType readSchema() {
      return schema;
    }

    @Override
    public String description() {
      return "QuiverScan tree sql=[" + options.treeQuery() + "]";
    }

    @Override
    public Batch toBatch() {
      return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
      return new InputPartition[] {new QuiverInputPartition(options.treeQuery())};
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      return new QuiverReaderFactory(options, schema, options.timeAsLong(), true);
    }
  }
}
