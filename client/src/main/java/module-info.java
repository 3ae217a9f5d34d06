/**
 * Quiver's IoTDB table-model client. Exports the public API ({@code io.quiver.client}) and the
 * service-provider interface that other batch and result formats build on ({@code
 * io.quiver.client.spi}); everything under {@code io.quiver.client.internal} is sealed, except the
 * TsBlock reader ({@code internal.tsblock}), shared with the Arrow bridge only. The library works the same on the
 * class path, where this descriptor is ignored.
 */
module io.quiver.client {
  requires org.apache.thrift;
  // IoTDB's generated Thrift classes carry no module name: the names derive from the jar files.
  requires iotdb.thrift;
  requires iotdb.thrift.commons;
  requires org.slf4j;

  exports io.quiver.client;
  exports io.quiver.client.spi;
  exports io.quiver.client.internal.tsblock to io.quiver.arrow;
}
