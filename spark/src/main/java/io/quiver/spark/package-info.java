/**
 * The {@code quiver} Spark data source ({@link io.quiver.spark.QuiverDataSource}, options in {@link
 * io.quiver.spark.QuiverOptions}): DataFrames written into IoTDB tables as Arrow batches ({@code
 * ArrowTablet}) and read back as columnar Arrow batches ({@code ArrowQuery}). The classes in {@code
 * internal} are not API.
 */
package io.quiver.spark;
