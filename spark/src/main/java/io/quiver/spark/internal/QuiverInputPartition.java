package io.quiver.spark.internal;

import org.apache.spark.sql.connector.read.InputPartition;

/** One task's share of a scan: the statement it runs. */
public record QuiverInputPartition(String sql) implements InputPartition {}
