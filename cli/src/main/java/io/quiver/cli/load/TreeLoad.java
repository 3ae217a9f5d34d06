package io.quiver.cli.load;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.QuiverException;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.internal.tree.TreePaths;
import io.quiver.client.spi.InsertBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A load into IoTDB's tree model ({@link TreeLoadOptions}): every record batch of the file becomes
 * one {@link ArrowTablet} for {@code --device} ({@link Session#insertTablet}, or {@link
 * Session#insertAlignedTablet} with {@code --aligned}), or one {@link ArrowDeviceBatch} grouped by
 * {@code --device-column} and sent as one {@link Session#insertTablets} request.
 *
 * <p>The file is read twice: a first pass builds every batch and checks every device path
 * and measurement name (and, for a device column, that no row's device is null) without
 * connecting, so bad input fails before any row is written, naming the path or the file row. The
 * second pass sends the batches in order on one session, checking each again just before it is
 * sent. Unlike the table-model load there is one thread, no {@code --skip-rows}, no cutting of big
 * batches and no live progress line: a failure prints the rows acknowledged before it (file rows 0
 * to N-1, all of them written).
 */
final class TreeLoad {
  private TreeLoad() {}

  /** Checks and loads; returns the exit code. */
  static int run(TreeLoadOptions options, PrintStream out) {
    try (BufferAllocator allocator = new RootAllocator()) {
      long[] checked = check(options, allocator);
      out.println("load: " + options.file() + " (" + LoadLedger.num(checked[1]) + " rows in "
          + LoadLedger.num(checked[0]) + " record batches, checked) -> " + options.target()
          + (options.aligned() ? " (aligned)" : "") + " at " + options.connection().urlText());
      return load(options, allocator, out);
    }
  }

  /** The first pass: returns {batches, rows}; throws LoadException naming what is wrong. */
  private static long[] check(TreeLoadOptions options, BufferAllocator allocator) {
    long rows = 0;
    long batches = 0;
    try (ArrowSource source = ArrowSource.open(options.file(), allocator)) {
      while (source.loadBatch()) {
        VectorSchemaRoot root = source.root();
        if (root.getRowCount() > 0) {
          try {
            checkNames(build(options, source));
          } catch (InvalidBatchException e) {
            throw new LoadException(where(e, batches, rows) + ArrowSource.oneLine(e)
                + "; nothing was written", e);
          }
        }
        rows += root.getRowCount();
        batches++;
      }
    } catch (IOException e) {
      throw new LoadException("reading " + options.file() + " failed at record batch " + batches
          + ": " + e.getMessage() + "; nothing was written", e);
    }
    return new long[] {batches, rows};
  }

  private static String where(InvalidBatchException e, long batch, long firstRow) {
    return e.row() >= 0 ? "file row " + LoadLedger.num(firstRow + e.row()) + " (record batch "
        + batch + "): " : "record batch " + batch + ": ";
  }

  /** The paths and names IoTDB would refuse, found before connecting. */
  private static void checkNames(Object batch) {
    if (batch instanceof ArrowTablet tablet) {
      checkDevice(tablet.tableName(), tablet);
    } else {
      ArrowDeviceBatch devices = (ArrowDeviceBatch) batch;
      for (int g = 0; g < devices.deviceCount(); g++) {
        checkDevice(devices.devicePath(g), devices.batch());
      }
    }
  }

  private static void checkDevice(String device, InsertBatch columns) {
    TreePaths.checkDevice(device);
    for (int i = 0; i < columns.columnCount(); i++) {
      TreePaths.checkMeasurement(device, columns.columnName(i));
    }
  }

  private static Object build(TreeLoadOptions options, ArrowSource source) {
    if (options.device() != null) {
      return ArrowTablet.builder(options.device(), source.root()).time(options.timeColumn())
          .dictionaries(source.dictionaries()).build();
    }
    ArrowDeviceBatch.Builder b = ArrowDeviceBatch.builder(source.root(), options.deviceColumn())
        .time(options.timeColumn()).dictionaries(source.dictionaries());
    if (options.prefix() != null) {
      b.prefix(options.prefix());
    }
    return b.build();
  }

  /** The second pass: sends every batch; returns the exit code. */
  private static int load(TreeLoadOptions options, BufferAllocator allocator, PrintStream out) {
    SessionConfig config = options.connection().applyTo(SessionConfig.builder())
        .readTimeout(LoadCommand.READ_TIMEOUT).build();
    long rows = 0;
    long batches = 0;
    long start = System.nanoTime();
    try (ArrowSource source = ArrowSource.open(options.file(), allocator);
        Session session = Session.open(config)) {
      try {
        while (source.loadBatch()) {
          int n = source.root().getRowCount();
          if (n > 0) {
            Object batch = build(options, source);
            checkNames(batch);
            if (batch instanceof ArrowTablet tablet) {
              if (options.aligned()) {
                session.insertAlignedTablet(tablet);
              } else {
                session.insertTablet(tablet);
              }
            } else {
              session.insertTablets((ArrowDeviceBatch) batch, options.aligned());
            }
          }
          rows += n;
          batches++;
        }
      } catch (QuiverException | IOException e) {
        out.println("load: failed at record batch " + batches + " (file row "
            + LoadLedger.num(rows) + "): " + ArrowSource.oneLine(e));
        out.println("load: acknowledged: file rows 0 to " + LoadLedger.num(rows - 1) + " ("
            + LoadLedger.num(rows) + " rows in " + LoadLedger.num(batches) + " batches); the rest"
            + " was not written (record batch " + batches + " may be in part, if the server said"
            + " so above)");
        return LoadCommand.FAILED;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.println(String.format(Locale.ROOT, "load: done: wrote %s rows in %s batches to %s (%.2f s)",
        LoadLedger.num(rows), LoadLedger.num(batches), options.target(), seconds));
    return LoadCommand.OK;
  }
}
