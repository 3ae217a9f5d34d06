package io.quiver.benchmarks;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.write.record.Tablet;
import org.apache.tsfile.write.schema.IMeasurementSchema;
import org.apache.tsfile.write.schema.MeasurementSchema;

/**
 * The tree-model ingest clients that {@link TreeIngestRounds} and {@link TreeIngestBenchmark}
 * compare, over batches of the {@code mixed} shape ({@link SensorData}: time, a device column of
 * 10 devices, five DOUBLE m0..m4), in two shapes:
 *
 * <ul>
 *   <li>{@code one}: every row of a batch into one device, {@code root.bench_tree.one} (the
 *       device column left out): {@code insertTablet};
 *   <li>{@code many}: the rows grouped by the device column into {@code
 *       root.bench_tree.many.deviceNN}, all ten in one {@code insertTablets} request.
 * </ul>
 *
 * Clients: {@code quiver} ({@code Session.insertTablet} of an {@link ArrowTablet}, or {@code
 * Session.insertTablets} of an {@link ArrowDeviceBatch}; the default replay window on); {@code
 * official} (the official {@code Session.insertTablet(s)} after copying the batch into its
 * {@code Tablet}s cell by cell, as a user holding Arrow must: the copy is part of its cost); {@code
 * replay} (the ceiling: the same requests encoded before the timer, {@link TreeReplayClient}).
 */
final class TreeClients {
  static final String PREFIX = "root.bench_tree";
  static final String ONE_DEVICE = PREFIX + ".one";
  static final String MANY_PREFIX = PREFIX + ".many";

  private TreeClients() {}

  /** One client writing one shape. */
  interface Client extends AutoCloseable {
    /** Untimed work before the batches are inserted (the replay client encodes its frames). */
    default void prepare(VectorSchemaRoot[] roots) throws Exception {}

    /** Inserts batch {@code index} ({@code root}). */
    void insert(VectorSchemaRoot root, int index) throws Exception;
  }

  static void checkShape(String shape) {
    if (!shape.equals("one") && !shape.equals("many")) {
      throw new IllegalArgumentException("shape '" + shape + "': give one or many");
    }
  }

  static Client open(String name, String shape, String endpoint, BufferAllocator allocator)
      throws Exception {
    checkShape(shape);
    boolean one = shape.equals("one");
    switch (name) {
      case "quiver": {
        Session session = Session.open(SessionConfig.builder().nodeUrls(endpoint)
            .awaitWindowOnClose(false).build());
        return new Client() {
          @Override
          public void insert(VectorSchemaRoot root, int index) {
            // The tablet or device batch is built per insert: what a caller does, and part of
            // the cost.
            if (one) {
              session.insertTablet(ArrowTablet.builder(ONE_DEVICE, measurements(root)).build());
            } else {
              session.insertTablets(ArrowDeviceBatch.builder(root, BenchData.TAG)
                  .prefix(MANY_PREFIX).build(), false);
            }
          }

          @Override
          public void close() {
            session.close();
          }
        };
      }
      case "official": {
        String[] hp = endpoint.split(":");
        org.apache.iotdb.session.Session official = new org.apache.iotdb.session.Session.Builder()
            .host(hp[0]).port(Integer.parseInt(hp[1])).build();
        official.open(false);
        return new Client() {
          @Override
          public void insert(VectorSchemaRoot root, int index) throws Exception {
            if (one) {
              official.insertTablet(officialTablet(root));
            } else {
              official.insertTablets(officialTablets(root));
            }
          }

          @Override
          public void close() throws Exception {
            official.close();
          }
        };
      }
      case "replay": {
        TreeReplayClient replay = new TreeReplayClient(endpoint);
        return new Client() {
          @Override
          public void prepare(VectorSchemaRoot[] roots) throws Exception {
            replay.clear();
            for (VectorSchemaRoot root : roots) {
              if (one) {
                replay.addTablet(ArrowTablet.builder(ONE_DEVICE, measurements(root)).build());
              } else {
                Map<String, VectorSchemaRoot> devices = splitByDevice(root, allocator);
                try {
                  List<ArrowTablet> tablets = new ArrayList<>();
                  for (Map.Entry<String, VectorSchemaRoot> d : devices.entrySet()) {
                    tablets.add(ArrowTablet.builder(d.getKey(), d.getValue()).build());
                  }
                  replay.addTablets(tablets);
                } finally {
                  devices.values().forEach(VectorSchemaRoot::close);
                }
              }
            }
          }

          @Override
          public void insert(VectorSchemaRoot root, int index) throws Exception {
            replay.insert(index);
          }

          @Override
          public void close() throws Exception {
            replay.close();
          }
        };
      }
      default:
        throw new IllegalArgumentException("unknown client '" + name + "': give quiver, official"
            + " or replay");
    }
  }

  /** The batch without its device column (a view sharing the vectors: not to be closed). */
  static VectorSchemaRoot measurements(VectorSchemaRoot root) {
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector v : root.getFieldVectors()) {
      if (!v.getName().equals(BenchData.TAG)) {
        vectors.add(v);
      }
    }
    return new VectorSchemaRoot(vectors);
  }

  /**
   * The batch's rows per device path, each a root of its own (time and m0..m4, copied; rows in
   * batch order, so in time order), in first-appearance order of the devices.
   */
  private static Map<String, VectorSchemaRoot> splitByDevice(VectorSchemaRoot root,
      BufferAllocator allocator) {
    VarCharVector dev = (VarCharVector) root.getVector(BenchData.TAG);
    VectorSchemaRoot fields = measurements(root);
    Map<String, VectorSchemaRoot> byDevice = new LinkedHashMap<>();
    for (int r = 0; r < root.getRowCount(); r++) {
      String device = MANY_PREFIX + "." + new String(dev.get(r), StandardCharsets.UTF_8);
      VectorSchemaRoot d = byDevice.computeIfAbsent(device, k -> {
        VectorSchemaRoot created = VectorSchemaRoot.create(fields.getSchema(), allocator);
        created.allocateNew();
        return created;
      });
      int to = d.getRowCount();
      for (int c = 0; c < fields.getFieldVectors().size(); c++) {
        d.getVector(c).copyFromSafe(r, to, fields.getVector(c));
      }
      d.setRowCount(to + 1);
    }
    return byDevice;
  }

  private static List<IMeasurementSchema> schemas() {
    List<IMeasurementSchema> schemas = new ArrayList<>();
    for (int f = 0; f < BenchData.FIELDS; f++) {
      schemas.add(new MeasurementSchema("m" + f, TSDataType.DOUBLE));
    }
    return schemas;
  }

  /** The official client's input for one device: every row of the batch, copied cell by cell. */
  static Tablet officialTablet(VectorSchemaRoot root) {
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    int rows = root.getRowCount();
    Tablet t = new Tablet(ONE_DEVICE, schemas(), rows);
    Float8Vector[] fields = fields(root);
    for (int r = 0; r < rows; r++) {
      t.addTimestamp(r, time.get(r));
      for (int f = 0; f < fields.length; f++) {
        if (!fields[f].isNull(r)) {
          t.addValue("m" + f, r, fields[f].get(r));
        }
      }
    }
    return t;
  }

  /** The official client's input for many devices: one Tablet per device, copied cell by cell. */
  static Map<String, Tablet> officialTablets(VectorSchemaRoot root) {
    List<IMeasurementSchema> schemas = schemas();
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    VarCharVector dev = (VarCharVector) root.getVector(BenchData.TAG);
    Float8Vector[] fields = fields(root);
    Map<String, Tablet> tablets = new LinkedHashMap<>();
    int rows = root.getRowCount();
    for (int r = 0; r < rows; r++) {
      String device = MANY_PREFIX + "." + new String(dev.get(r), StandardCharsets.UTF_8);
      Tablet t = tablets.computeIfAbsent(device, d -> new Tablet(d, schemas, rows));
      int row = t.getRowSize();
      t.addTimestamp(row, time.get(r));
      for (int f = 0; f < fields.length; f++) {
        if (!fields[f].isNull(r)) {
          t.addValue("m" + f, row, fields[f].get(r));
        }
      }
    }
    return tablets;
  }

  private static Float8Vector[] fields(VectorSchemaRoot root) {
    Float8Vector[] fields = new Float8Vector[BenchData.FIELDS];
    for (int f = 0; f < fields.length; f++) {
      fields[f] = (Float8Vector) root.getVector("m" + f);
    }
    return fields;
  }
}
