package io.quiver.cli.load;

import io.quiver.arrow.ArrowTablet;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Encodes the first batch the load will send, from a second reader of the file, before any DDL:
 * so that a file whose first batch the client refuses (a null time, a date out of range, a time
 * that overflows the server's precision) fails before {@code --create-table} creates anything.
 * The batch is encoded exactly as the insert will encode it (same {@link ArrowTablet}, same
 * precision), into a buffer that is then dropped; nothing is sent.
 *
 * <p>A file that cannot be read twice (a pipe) is not checked here; its first batch is checked when
 * it is sent, as every batch is.
 */
final class FirstBatchCheck {
  private FirstBatchCheck() {}

  /**
   * Checks the first batch from row {@code options.skipRows()}.
   *
   * @throws LoadException naming the file rows, the column and the row when the batch is refused
   */
  static void check(LoadOptions options, BufferAllocator allocator, TimePrecision precision) {
    if (!Files.isRegularFile(options.file())) {
      return;
    }
    long skip = options.skipRows();
    try (ArrowSource source = ArrowSource.open(options.file(), allocator)) {
      long fileRow = 0;
      while (true) {
        long known = source.nextBatchRowsIfKnown();
        if (known >= 0 && fileRow + known <= skip) {
          source.skipBatch();
          fileRow += known;
          continue;
        }
        if (!source.loadBatch()) {
          return;
        }
        int rows = source.root().getRowCount();
        if (fileRow + rows <= skip) {
          fileRow += rows;
          continue;
        }
        int from = (int) Math.max(0, skip - fileRow);
        int n = Math.min(rows - from, Loader.pieceSize(rows, options.batchRows()));
        long first = fileRow + from;
        try (BatchSlice slice = BatchSlice.of(null, source, from, n, allocator)) {
          ArrowTablet tablet =
              ColumnPlan.builder(options.table(), slice.root, slice.dictionaries, options).build();
          WireBuffer buffer = new WireBuffer((int) Math.min(1 << 20, tablet.valuesSize() + 16));
          tablet.writeTimestamps(buffer, precision);
          tablet.writeValues(buffer, precision);
        } catch (InvalidBatchException e) {
          throw new LoadException("the first batch (file rows " + LoadLedger.num(first) + "-"
              + LoadLedger.num(first + n - 1) + ") cannot be sent: " + ArrowSource.oneLine(e)
              + " (row numbers count from file row " + LoadLedger.num(first) + ")", e);
        }
        return;
      }
    } catch (IOException e) {
      throw new LoadException("reading the first batch of " + options.file() + " failed: "
          + ArrowSource.oneLine(e), e);
    }
  }
}
