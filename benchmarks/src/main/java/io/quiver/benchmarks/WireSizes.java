package io.quiver.benchmarks;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.encoding.EncodedRequest;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iotdb.session.rpccompress.TabletEncoder;
import org.apache.iotdb.session.util.SessionUtils;
import org.apache.tsfile.file.metadata.enums.CompressionType;
import org.apache.tsfile.write.record.Tablet;

/**
 * Bytes per row of an insert request's two binary fields (timestamps + values), no server: Quiver
 * plain, Quiver encoded ({@code encodeInserts}), the official client's default (its {@code
 * TabletEncoder} with its default encodings) and its plain form, for the data sets of {@link
 * SensorData}. On a link of R bit/s the rows/s of a client cannot exceed R / 8 / (bytes per row +
 * the request's few hundred bytes of framing per batch).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.quiver.benchmarks.WireSizes}.
 */
public final class WireSizes {
  public static void main(String[] args) {
    int batches = 20;
    int rows = IngestRounds.BATCH_ROWS;
    System.out.println("| data set | Quiver plain | Quiver encoded | Quiver encoded + GZIP"
        + " | official default | official plain |");
    System.out.println("|---|---|---|---|---|---|");
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = SensorData.allocate(allocator, rows)) {
      for (String set : new String[] {"random", "sensor"}) {
        SensorData data = new SensorData(set, 42);
        long plain = 0;
        long encoded = 0;
        long officialDefault = 0;
        long officialPlain = 0;
        long gzipped = 0;
        EncodedRequest request = new EncodedRequest();
        EncodedRequest gzip = new EncodedRequest(EncodedRequest.GZIP);
        for (int b = 0; b < batches; b++) {
          data.fill(root);
          ArrowTablet t = ArrowTablet.builder("t", root).tag(BenchData.TAG).build();
          plain += 8L * rows + t.valuesSize();
          request.encode(t, TimePrecision.MILLISECONDS);
          encoded += request.times().position() + request.values().position();
          gzip.encode(t, TimePrecision.MILLISECONDS);
          gzipped += gzip.times().position() + gzip.values().position();
          Tablet official = OfficialTablets.fromArrow("t", root);
          TabletEncoder encoder = new TabletEncoder(CompressionType.UNCOMPRESSED,
              EncodeBenchmark.defaultEncodings(official));
          officialDefault += size(encoder.encodeTime(official)) + size(encoder.encodeValues(official));
          officialPlain += size(SessionUtils.getTimeBuffer(official))
              + size(SessionUtils.getValueBuffer(official));
        }
        double n = (double) batches * rows;
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n", set,
            plain / n, encoded / n, gzipped / n, officialDefault / n, officialPlain / n);
      }
    }
  }

  private static long size(ByteBuffer b) {
    return b.remaining();
  }
}
