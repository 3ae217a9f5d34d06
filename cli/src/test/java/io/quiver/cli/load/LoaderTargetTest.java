package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.PartialInsertException;
import io.quiver.client.StatementException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Loader} over a {@link LoadTarget} that records what it is given (no server): batch
 * cutting, {@code --skip-rows}, several threads, and the account a failed batch leaves, the same
 * for either model's target.
 */
class LoaderTargetTest {
  @TempDir
  Path dir;

  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeak() {
    allocator.close();
  }

  /** Record batches of the given sizes; column "time" holds the file row number. */
  private Path write(int... batchRows) throws IOException {
    Path file = dir.resolve("rows.arrow");
    try (BigIntVector time = new BigIntVector("time", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(time);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      long row = 0;
      for (int n : batchRows) {
        time.allocateNew(n);
        for (int i = 0; i < n; i++) {
          time.set(i, row++);
        }
        root.setRowCount(n);
        writer.writeBatch();
      }
      writer.end();
    }
    return file;
  }

  /** A target that records the first and last file row of every slice it sends. */
  private static final class Recording implements LoadTarget {
    final List<long[]> sent = Collections.synchronizedList(new ArrayList<>());
    final IntPredicate failAt;
    final long partialPrefix;
    int prepared;
    int closed;

    Recording(IntPredicate failAt, long partialPrefix) {
      this.failAt = failAt;
      this.partialPrefix = partialPrefix;
    }

    @Override
    public synchronized Insert prepare(BatchSlice slice) {
      prepared++;
      BigIntVector time = (BigIntVector) slice.root.getVector("time");
      long first = time.get(0);
      long last = time.get(slice.root.getRowCount() - 1);
      int index = slice.batch.index;
      return new Insert() {
        @Override
        public void send() {
          if (failAt.test(index)) {
            StatementException refused = new StatementException("refused", 507, "refused", false,
                null);
            throw new PartialInsertException("t", 3, 3, last - first + 1, "", refused);
          }
          sent.add(new long[] {first, last});
        }

        @Override
        public long acknowledgedPrefix(PartialInsertException e) {
          return partialPrefix;
        }

        @Override
        public void close() {
          synchronized (Recording.this) {
            closed++;
          }
        }
      };
    }
  }

  private LoadLedger.Report load(Path file, LoadShape shape, Recording target) {
    try (ArrowSource source = ArrowSource.open(file, allocator)) {
      LoadLedger ledger = new LoadLedger(shape.skipRows(), source.totalRows());
      Loader loader = new Loader(source, shape, target, allocator, ledger, LoadObserver.NONE,
          Duration.ofSeconds(30));
      assertTrue(loader.run(), "every inserting thread ended");
      return ledger.report();
    }
  }

  @Test
  void everyRowIsSentOnceInBatchesOfAtMostBatchRowsOnSeveralThreads() throws IOException {
    Recording target = new Recording(i -> false, 0);
    LoadLedger.Report report = load(write(25, 7, 30), new LoadShape(10, 3, 0), target);
    assertTrue(report.complete());
    assertEquals(62, report.acknowledgedRows());
    long[] seen = new long[62];
    for (long[] s : target.sent) {
      assertTrue(s[1] - s[0] + 1 <= 10, "a batch of " + (s[1] - s[0] + 1) + " rows");
      for (long r = s[0]; r <= s[1]; r++) {
        seen[(int) r]++;
      }
    }
    for (int r = 0; r < seen.length; r++) {
      assertEquals(1, seen[r], "row " + r + " sent once");
    }
    assertEquals(target.prepared, target.closed, "every session handed back");
  }

  @Test
  void skipRowsStartsAtThatRowOfTheFile() throws IOException {
    Recording target = new Recording(i -> false, 0);
    LoadLedger.Report report = load(write(25, 7, 30), new LoadShape(10, 1, 28), target);
    assertTrue(report.complete());
    assertEquals(34, report.acknowledgedRows());
    assertEquals(28, target.sent.get(0)[0]);
    assertEquals(61, target.sent.get(target.sent.size() - 1)[1]);
  }

  @Test
  void aFailedBatchStopsTheLoadAndTheResumeRowIsItsFirstRow() throws IOException {
    // One thread: batches go in file order. The 25 rows of record batch 0 are cut into 9 + 9 + 7;
    // batch 2 (file rows 18-24) is refused.
    Recording target = new Recording(i -> i == 2, 0);
    LoadLedger.Report report = load(write(25, 7, 30), new LoadShape(10, 1, 0), target);
    assertFalse(report.complete());
    assertEquals(18, report.resumeRow());
    assertTrue(report.resumeLine().contains("--skip-rows 18"), report.resumeLine());
    assertTrue(report.notWrittenLine().contains("refused by IoTDB, which may have stored part"),
        report.notWrittenLine());
  }

  @Test
  void aTargetThatSaysItsPartsAreARunOfRowsMovesTheResumeRowPastThem() throws IOException {
    Recording target = new Recording(i -> i == 2, 3);
    LoadLedger.Report report = load(write(25, 7, 30), new LoadShape(10, 1, 0), target);
    assertEquals(21, report.resumeRow(), report.resumeLine());
  }
}
