package io.quiver.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Batches of the {@code mixed} shape (time + TAG {@value BenchData#TAG} + 5 DOUBLE m0..m4) in two
 * data sets, filled in place so a batch can be refilled with fresh rows for every round:
 *
 * <ul>
 *   <li>{@code random}: as {@link BenchData}: times 1 ms apart, 10 devices in turn, uniformly
 *       random doubles (the worst case for column encodings);
 *   <li>{@code sensor}: what a collector forwards from sensors: 10 devices reporting every second,
 *       each batch holding a run of consecutive readings per device (a tenth of the batch each,
 *       times 1 s apart), each reading quantised to 0.1 and changing by one step in a fifth of
 *       the readings (slowly varying values).
 * </ul>
 */
final class SensorData {
  static final int DEVICES = 10;

  private final String set;
  private final SplittableRandom random;
  private final double[][] level = new double[DEVICES][BenchData.FIELDS];
  private final byte[][] devices = new byte[DEVICES][];
  private long row;

  /** Starts at row 0. */
  SensorData(String set, long seed) {
    this(set, seed, 0);
  }

  /** Starts at {@code firstRow}: data sets started far apart never share a time. */
  SensorData(String set, long seed, long firstRow) {
    if (!set.equals("random") && !set.equals("sensor")) {
      throw new IllegalArgumentException("data set '" + set + "': give random or sensor");
    }
    this.set = set;
    this.random = new SplittableRandom(seed);
    this.row = firstRow;
    for (int d = 0; d < DEVICES; d++) {
      devices[d] = String.format("device%02d", d).getBytes(StandardCharsets.UTF_8);
      for (int f = 0; f < BenchData.FIELDS; f++) {
        level[d][f] = 20 + d + f;
      }
    }
  }

  /** A new root of {@code rows} rows; {@link #fill} puts the values in. */
  static VectorSchemaRoot allocate(BufferAllocator allocator, int rows) {
    return BenchData.generate(allocator, "mixed", rows, 0, 0, 1);
  }

  /** Overwrites the root with the next {@code rows} rows of the data set (times never repeat). */
  void fill(VectorSchemaRoot root) {
    int rows = root.getRowCount();
    TimeStampMilliVector time = (TimeStampMilliVector) root.getVector("time");
    VarCharVector tag = (VarCharVector) root.getVector(BenchData.TAG);
    Float8Vector[] fields = new Float8Vector[BenchData.FIELDS];
    for (int f = 0; f < fields.length; f++) {
      fields[f] = (Float8Vector) root.getVector("m" + f);
    }
    boolean sensor = set.equals("sensor");
    int perDevice = (rows + DEVICES - 1) / DEVICES;
    long batchStart = row;
    for (int r = 0; r < rows; r++, row++) {
      int d = sensor ? r / perDevice : (int) (row % DEVICES);
      // sensor: this device's reading number (batchStart / DEVICES readings per device so far).
      long reading = batchStart / DEVICES + r % perDevice;
      time.set(r, sensor ? 1_700_000_000_000L + reading * 1000 : 1_700_000_000_000L + row);
      tag.setSafe(r, devices[d]);
      for (int f = 0; f < fields.length; f++) {
        double v;
        if (sensor) {
          if (random.nextInt(5) == 0) {
            level[d][f] += random.nextBoolean() ? 0.1 : -0.1;
          }
          v = Math.round(level[d][f] * 10) / 10.0;
        } else {
          v = random.nextDouble() * 100;
        }
        fields[f].set(r, v);
      }
    }
    root.setRowCount(rows);
  }
}
