package io.quiver.spark;

import io.quiver.client.Session;
import io.quiver.client.TableSession;
import io.quiver.spark.internal.QuiverTable;
import io.quiver.spark.internal.TableInfo;
import io.quiver.spark.internal.TreeQueryTable;
import io.quiver.spark.internal.WritePlan;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code quiver} data source: IoTDB tables read and written by Spark through Quiver.
 *
 * <pre>{@code
 * df.write().format("quiver").option("url", "127.0.0.1:6667").option("table", "db1.sensors")
 *     .option("tags", "device").mode("append").save();
 * Dataset<Row> back = spark.read().format("quiver").option("table", "db1.sensors")
 *     .option("partitions", "4").load();
 * }</pre>
 *
 * <p><b>Reads</b> are DataSource V2 columnar scans (see {@code QuiverScan}). <b>Writes</b> take the
 * {@link SaveMode} into account first: {@code errorifexists} (Spark's default) creates the table
 * from the DataFrame's schema and fails if it exists, {@code ignore} does nothing if it exists,
 * {@code append} writes into an existing table (or creates it with option {@code
 * createTable=true}), {@code overwrite} is refused (the connector never drops data). The checks
 * (connection and password, table, every column's type and category) all run on the driver before
 * any row is written; then the rows are written by a DataSource V2 batch write, one task per
 * partition.
 *
 * <p><b>Tree model</b>: option {@code deviceColumn} makes a write go to tree-model devices (each
 * row's device named by that column, under option {@code prefix}; mode append only), option {@code
 * query} makes a read run that tree-model statement in one partition ({@code TreeQueryTable}).
 *
 * <p>Options: {@link QuiverOptions}.
 */
public final class QuiverDataSource implements TableProvider, DataSourceRegister, CreatableRelationProvider {
  /** Set (internally) on the nested V2 append that does the writing. */
  static final String V2_APPEND = "quiver.internal.v2append";

  @Override
  public String shortName() {
    return "quiver";
  }

  /** What {@link #inferSchema} found, reused by {@link #getTable} on the same instance (a read). */
  private TableInfo inferred;
  private io.quiver.client.TimePrecision inferredPrecision;
  private Map<String, String> inferredFor;

  @Override
  public boolean supportsExternalMetadata() {
    return true; // a write passes the DataFrame's schema to getTable, without a schema inference
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap map) {
    QuiverOptions options = options(map);
    if (map.containsKey(V2_APPEND)) {
      return new StructType();
    }
    if (options.treeQuery() != null) {
      return TreeQueryTable.describe(options).schema();
    }
    try (TableSession session = open(options)) {
      TableInfo info = TableInfo.describe(session, options.database(), options.table());
      if (info == null) {
        throw missing(options);
      }
      inferred = info;
      inferredPrecision = session.timePrecision();
      inferredFor = map.asCaseSensitiveMap();
      return QuiverTable.forRead(options, info, inferredPrecision).schema();
    }
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    QuiverOptions options = options(properties);
    if (new CaseInsensitiveStringMap(properties).containsKey(V2_APPEND)) {
      return QuiverTable.forWrite(options);
    }
    if (options.treeQuery() != null) {
      return TreeQueryTable.describe(options);
    }
    if (options.deviceColumn() != null) {
      return QuiverTable.treeWriteTarget(options);
    }
    if (inferred != null && properties.equals(inferredFor)) {
      return QuiverTable.forRead(options, inferred, inferredPrecision);
    }
    // A write (or a read with a schema given): a table without batch writes, so that Spark hands
    // the write to createRelation, which handles the save mode.
    try (TableSession session = open(options)) {
      TableInfo info = TableInfo.describe(session, options.database(), options.table());
      return info == null ? QuiverTable.missing(options, missing(options))
          : QuiverTable.forRead(options, info, session.timePrecision());
    }
  }

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
      scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
    Map<String, String> given = CollectionConverters.asJava(parameters);
    QuiverOptions options = QuiverOptions.of(given, conf(sqlContext));
    StructType schema = data.schema();
    if (options.deviceColumn() != null) {
      if (mode != SaveMode.Append) {
        throw new IllegalArgumentException("quiver: a tree-model write (option deviceColumn) adds rows to devices and "
            + "has no table to create or replace; use mode(\"append\") (save mode was " + mode + ")");
      }
      WritePlan.forTree(schema, options); // checked before any task runs
      try (Session session = Session.open(options.treeSessionConfig())) {
        session.serverVersion(); // the connection and the password, checked before any row is written
      }
      appendV2(options, data);
      return relation(sqlContext, schema);
    }
    try (TableSession session = open(options)) {
      TableInfo table = TableInfo.describe(session, options.database(), options.table());
      switch (mode) {
        case ErrorIfExists:
          if (table != null) {
            throw new IllegalStateException("quiver: table '" + options.table() + "' already exists in database '"
                + options.database() + "' (save mode errorifexists); use mode(\"append\") to add rows to it");
          }
          break;
        case Ignore:
          if (table != null) {
            return relation(sqlContext, schema);
          }
          break;
        case Overwrite:
          throw new IllegalArgumentException("quiver: save mode overwrite is not supported (the connector never "
              + "drops data); drop the table yourself, or use mode(\"append\"): rows with equal tags and time "
              + "overwrite");
        default:
          if (table == null && !options.createTable()) {
            throw missing(options);
          }
      }
      WritePlan plan = WritePlan.of(schema, table, options);
      if (table == null) {
        session.executeNonQueryStatement(plan.createStatement());
      }
    }
    appendV2(options, data);
    return relation(sqlContext, schema);
  }

  private static void appendV2(QuiverOptions options, Dataset<Row> data) {
    Map<String, String> append = new HashMap<>(options.asMap());
    append.put(V2_APPEND, "true");
    data.write().format(QuiverDataSource.class.getName()).options(append).mode(SaveMode.Append).save();
  }

  private static BaseRelation relation(SQLContext sqlContext, StructType schema) {
    return new BaseRelation() {
      @Override
      public SQLContext sqlContext() {
        return sqlContext;
      }

      @Override
      public StructType schema() {
        return schema;
      }
    };
  }

  private static IllegalArgumentException missing(QuiverOptions options) {
    return new IllegalArgumentException("quiver: table '" + options.table() + "' does not exist in database '"
        + options.database() + "'; write with mode(\"errorifexists\") (the default) or option createTable=true "
        + "to create it from the DataFrame");
  }

  private static TableSession open(QuiverOptions options) {
    return TableSession.open(options.sessionConfig().toBuilder().awaitWindowOnClose(false).build());
  }

  private static QuiverOptions options(Map<String, String> given) {
    return QuiverOptions.of(given, activeConf());
  }

  private static Map<String, String> conf(SQLContext sqlContext) {
    return CollectionConverters.asJava(sqlContext.sparkSession().conf().getAll());
  }

  private static Map<String, String> activeConf() {
    return org.apache.spark.sql.SparkSession.getActiveSession().isDefined()
        ? CollectionConverters.asJava(org.apache.spark.sql.SparkSession.getActiveSession().get().conf().getAll())
        : Map.of();
  }
}
