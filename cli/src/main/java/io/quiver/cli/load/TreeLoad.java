package io.quiver.cli.load;

import io.quiver.arrow.ArrowDeviceBatch;
import io.quiver.arrow.ArrowTablet;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.SessionPool;
import io.quiver.client.SessionPoolConfig;
import io.quiver.client.TreeNames;
import io.quiver.client.spi.InsertBatch;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * A load into IoTDB's tree model ({@link TreeLoadOptions}): the rows of each record batch, cut
 * into batches of at most {@code --batch-rows}, become an {@link ArrowTablet} for {@code --device}
 * or an {@link ArrowDeviceBatch} grouped by {@code --device-column} ({@link TreeTarget}).
 *
 * <p>The file is read twice. A first pass builds every record batch and checks every device path
 * and measurement name (and, for a device column, that no row's device is null) without
 * connecting, so bad input fails before any row is written, naming the path or the file row. The
 * second pass is the table load's: the same {@link Loader} ({@code --threads} inserting threads,
 * each on a session of a tree {@link SessionPool}), progress line, Ctrl-C handling and report
 * ({@link LoadCommand#runAndReport}), with the {@code --skip-rows} to resume from when it did not
 * complete. A batch a session had to send in several requests and that failed part way counts as
 * not acknowledged from its first row (a tree request sends each device's rows in time order, so
 * the acknowledged part is not a run of file rows); resending it overwrites the same points.
 */
final class TreeLoad {
  private TreeLoad() {}

  /** Checks and loads; returns the exit code. */
  static int run(TreeLoadOptions options, PrintStream out, LoadObserver observer) {
    BufferAllocator allocator = new RootAllocator();
    boolean releaseMemory = true;
    try {
      long[] checked = check(options, allocator);
      try (ArrowSource source = ArrowSource.open(options.file(), allocator)) {
        LoadCommand.checkSkipRows(source, options.shape().skipRows());
        int[] code = new int[1];
        releaseMemory = load(options, source, checked, allocator, out, observer, code);
        return code[0];
      }
    } finally {
      if (releaseMemory) {
        allocator.close();
      }
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
            checkNames(build(options, root, source.dictionaries()));
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
  static void checkNames(Object batch) {
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
    TreeNames.checkDevice(device);
    for (int i = 0; i < columns.columnCount(); i++) {
      TreeNames.checkMeasurement(device, columns.columnName(i));
    }
  }

  /** The batch of {@code root}'s rows: an ArrowTablet for one device, else an ArrowDeviceBatch. */
  static Object build(TreeLoadOptions options, VectorSchemaRoot root,
      DictionaryProvider dictionaries) {
    if (options.device() != null) {
      return ArrowTablet.builder(options.device(), root).time(options.timeColumn())
          .dictionaries(dictionaries).build();
    }
    ArrowDeviceBatch.Builder b = ArrowDeviceBatch.builder(root, options.deviceColumn())
        .time(options.timeColumn()).dictionaries(dictionaries);
    if (options.prefix() != null) {
      b.prefix(options.prefix());
    }
    return b.build();
  }

  /** The second pass; returns whether every inserting thread ended, the exit code in code[0]. */
  private static boolean load(TreeLoadOptions options, ArrowSource source, long[] checked,
      BufferAllocator allocator, PrintStream out, LoadObserver observer, int[] code) {
    LoadShape shape = options.shape();
    SessionPoolConfig config = shape.applyTo(options.connection().applyTo(SessionPoolConfig.builder()))
        .readTimeout(LoadCommand.READ_TIMEOUT).maxPoolSize(shape.threads()).build();
    try (SessionPool pool = new SessionPool(config)) {
      out.println("load: " + options.file() + " (" + LoadLedger.num(checked[1]) + " rows in "
          + LoadLedger.num(checked[0]) + " record batches, checked) -> " + options.target()
          + (options.aligned() ? " (aligned)" : "") + " at " + options.connection().urlText()
          + "; " + LoadCommand.shapeText(shape));
      return LoadCommand.runAndReport(source, shape, new TreeTarget(options, pool),
          options.target(), allocator, out, observer, pool::stats, code);
    }
  }
}
