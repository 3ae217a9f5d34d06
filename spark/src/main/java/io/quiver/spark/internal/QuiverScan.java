package io.quiver.spark.internal;

import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.spark.QuiverOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * A columnar scan of one table: {@code partitions} time ranges, each read by one task through
 * {@code ArrowQuery} as Arrow batches handed to Spark without a copy ({@link QuiverColumnarReader}).
 * The ranges split the bounds given ({@code lowerBound}/{@code upperBound}) or those of the rows
 * the scan reads, found with one {@code min(time), max(time)} query; the first and last ranges are
 * open-ended, so rows outside the bounds are read too.
 */
public final class QuiverScan implements Scan, Batch {
  private final ScanPlan plan;
  private final QuiverOptions options;
  private List<TimeRange> ranges;
  private List<String> deviceConditions;

  QuiverScan(ScanPlan plan, QuiverOptions options) {
    this.plan = plan;
    this.options = options;
  }

  @Override
  public StructType readSchema() {
    return plan.columns();
  }

  @Override
  public String description() {
    return "QuiverScan " + options.database() + "." + plan.table().table() + " sql=[" + plan.sql(plan.time())
        + "] partitions=" + options.partitions() + " partitionBy=" + options.partitionBy();
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (plan.matchesNothing()) {
      return new InputPartition[0];
    }
    if (!options.partitionBy().equalsIgnoreCase("time") && options.partitions() > 1) {
      List<String> conditions = deviceConditions();
      InputPartition[] out = new InputPartition[conditions.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = new QuiverInputPartition(plan.sql(plan.time(), conditions.get(i)));
      }
      return out;
    }
    List<TimeRange> parts = ranges();
    InputPartition[] out = new InputPartition[parts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new QuiverInputPartition(plan.sql(parts.get(i)));
    }
    return out;
  }

  /**
   * The conditions of the device partitions: the values of the partition TAG the table's devices
   * have ({@code SHOW DEVICES}, metadata only), dealt into {@code partitions} groups.
   */
  private List<String> deviceConditions() {
    if (deviceConditions != null) {
      return deviceConditions;
    }
    String tag = plan.partitionTag(options.partitionBy());
    List<String> values = new ArrayList<>();
    try (TableSession session = TableSession.open(options.sessionConfig().toBuilder()
            .awaitWindowOnClose(false).build());
        SessionDataSet rows = session.executeQueryStatement(plan.devicesSql())) {
      int column = rows.findColumn(tag);
      while (rows.next()) {
        values.add(rows.isNull(column) ? null : rows.getString(column));
      }
    }
    if (values.isEmpty()) {
      deviceConditions = java.util.Collections.singletonList(null); // no devices: one partition, no condition
      return deviceConditions;
    }
    deviceConditions = ScanPlan.deviceConditions(tag, values, options.partitions());
    return deviceConditions;
  }

  private List<TimeRange> ranges() {
    if (ranges != null) {
      return ranges;
    }
    int n = options.partitions();
    if (n == 1) {
      ranges = List.of(plan.time());
      return ranges;
    }
    Long lo = options.lowerBound();
    Long hi = options.upperBound();
    if (lo == null || hi == null) {
      try (TableSession session = TableSession.open(options.sessionConfig().toBuilder()
              .awaitWindowOnClose(false).build());
          SessionDataSet rows = session.executeQueryStatement(plan.boundsSql(), options.queryTimeoutMs())) {
        if (!rows.next() || rows.isNull(0)) {
          ranges = List.of(plan.time());
          return ranges;
        }
        lo = lo != null ? lo : rows.getLong(0);
        hi = hi != null ? hi : rows.getLong(1);
      }
    }
    ranges = plan.time().split(lo, hi, n);
    return ranges;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new QuiverReaderFactory(options, plan.columns(), plan.timeAsLong());
  }
}
