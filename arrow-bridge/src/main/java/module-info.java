/**
 * Quiver's Arrow bridge: {@code ArrowTablet} (Arrow data into IoTDB inserts) and {@code
 * ArrowQuery} / {@code ArrowResultStream} (query results into Arrow vectors). Only {@code
 * io.quiver.arrow} is exported; the encoders and decoders under {@code io.quiver.arrow.internal}
 * are sealed. The library works the same on the class path, where this descriptor is ignored.
 */
module io.quiver.arrow {
  requires transitive io.quiver.client;
  requires transitive org.apache.arrow.vector;
  requires transitive org.apache.arrow.memory.core;

  exports io.quiver.arrow;
}
