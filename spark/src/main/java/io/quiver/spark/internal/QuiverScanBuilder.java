package io.quiver.spark.internal;

import io.quiver.spark.QuiverOptions;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * Takes what Spark pushes into a scan: the columns it needs, time and TAG filters ({@link
 * ScanPlan}), a limit (sent to each partition; Spark still applies the overall limit).
 */
final class QuiverScanBuilder implements ScanBuilder, SupportsPushDownFilters, SupportsPushDownRequiredColumns,
    SupportsPushDownLimit {
  private final ScanPlan plan;
  private final QuiverOptions options;

  QuiverScanBuilder(ScanPlan plan, QuiverOptions options) {
    this.plan = plan;
    this.options = options;
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    return plan.push(filters);
  }

  @Override
  public Filter[] pushedFilters() {
    return plan.pushed();
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    plan.prune(requiredSchema);
  }

  @Override
  public boolean pushLimit(int limit) {
    plan.limit(limit);
    return true;
  }

  @Override
  public boolean isPartiallyPushed() {
    return true;
  }

  @Override
  public Scan build() {
    return new QuiverScan(plan, options);
  }
}
