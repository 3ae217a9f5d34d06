package io.quiver.cli.load;

import io.quiver.client.ConnectionException;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.PartialInsertException;
import io.quiver.client.QuiverException;
import io.quiver.client.StatementException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Moves the rows of an {@link ArrowSource} into IoTDB: the calling thread reads record batches and
 * cuts them into batches of at most {@code --batch-rows} rows ({@link BatchSlice}s, each a root of
 * its own), and {@code --threads} inserting threads each take a batch from a short queue, have the
 * {@link LoadTarget} build its insert (an {@code ArrowTablet} for a table, one device or a device
 * column for the tree model) on a session borrowed from the pool, send it, and release the slice.
 * Batches are dispatched in file order; with several threads they are acknowledged in any order.
 * Every outcome goes into the {@link LoadLedger}.
 *
 * <p><b>Stopping.</b> {@link #stop} (Ctrl-C, a failed batch, a read error) ends the dispatching;
 * batches still queued are released unsent; batches being sent are waited for, at most {@code
 * stopWait} after the stop, and the ledger marks any still running as of unknown outcome. A failed
 * batch stops the load: the session has already retried what is worth retrying.
 *
 * <p>Memory: at most {@code threads} queued and {@code threads} sending slices, plus the reader's
 * batch, are alive at once; a slice shares its record batch's buffers.
 */
final class Loader implements LoadControl {
  private final ArrowSource source;
  private final LoadShape shape;
  private final LoadTarget target;
  private final BufferAllocator allocator;
  private final LoadLedger ledger;
  private final LoadObserver observer;
  private final Duration stopWait;
  private final BlockingQueue<BatchSlice> queue;
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

  private final Object stopLock = new Object();
  private volatile boolean stopping;
  private String stopReason;
  private boolean stoppedByFailure;
  private long stopDeadlineNanos;

  Loader(ArrowSource source, LoadShape shape, LoadTarget target, BufferAllocator allocator,
      LoadLedger ledger, LoadObserver observer, Duration stopWait) {
    this.source = source;
    this.shape = shape;
    this.target = target;
    this.allocator = allocator;
    this.ledger = ledger;
    this.observer = observer;
    this.stopWait = stopWait;
    this.queue = new ArrayBlockingQueue<>(shape.threads());
  }

  @Override
  public void stop(String reason) {
    stop(reason, false);
  }

  private void stop(String reason, boolean failure) {
    synchronized (stopLock) {
      if (stopping) {
        return;
      }
      stopReason = reason;
      stoppedByFailure = failure;
      stopDeadlineNanos = System.nanoTime() + stopWait.toNanos();
      stopping = true;
    }
  }

  /** Why the load stopped early, or null if it ran to the end. */
  String stopReason() {
    synchronized (stopLock) {
      return stopReason;
    }
  }

  /** Whether it stopped because something failed (rather than being asked to). */
  boolean stoppedByFailure() {
    synchronized (stopLock) {
      return stoppedByFailure;
    }
  }

  /** Problems that did not fail a batch (a session that could not be handed back cleanly). */
  List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  /**
   * Runs the load to the end or until stopped; returns when no inserting thread is busy any more
   * (or the stop wait ran out).
   *
   * @return true if every inserting thread ended (false: some still hang in an insert, so their
   *     Arrow memory is still in use)
   */
  boolean run() {
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < shape.threads(); i++) {
      Thread t = new Thread(this::insertLoop, "quiver-load-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    try {
      read();
    } finally {
      for (int i = 0; i < workers.size(); i++) {
        putEnd();
      }
    }
    boolean allEnded = true;
    for (Thread t : workers) {
      allEnded &= await(t);
    }
    if (!allEnded) {
      // Threads that hang in an insert keep their slices; the queue may still hold slices no one takes.
      drainUnsent();
    }
    return allEnded;
  }

  private void read() {
    long fileRow = 0;
    long skip = shape.skipRows();
    int recordBatch = 0;
    while (!stopping) {
      long known = source.nextBatchRowsIfKnown();
      if (known >= 0 && fileRow + known <= skip) {
        source.skipBatch();
        fileRow += known;
        recordBatch++;
        continue;
      }
      boolean loaded;
      try {
        loaded = source.loadBatch();
      } catch (IOException | RuntimeException e) {
        String reason = "reading record batch " + recordBatch + " (from row " + LoadLedger.num(fileRow)
            + ") of " + source.path() + " failed: " + ArrowSource.oneLine(e);
        ledger.readFailed(reason);
        stop(reason, true);
        return;
      }
      if (!loaded) {
        ledger.endOfFile(fileRow);
        return;
      }
      int rows = source.root().getRowCount();
      int size = pieceSize(rows, shape.batchRows());
      for (int off = 0; off < rows && !stopping; off += size) {
        int from = off;
        int n = Math.min(size, rows - off);
        if (fileRow + from + n <= skip) {
          continue;
        }
        if (fileRow + from < skip) {
          int skipped = (int) (skip - fileRow - from);
          from += skipped;
          n -= skipped;
        }
        dispatch(fileRow + from, from, n);
      }
      fileRow += rows;
      recordBatch++;
    }
  }

  /**
   * The rows of each piece a record batch of {@code rows} rows is cut into: as few pieces of at most
   * {@code batchRows} as possible, of even size, rounded up to a multiple of 64 rows when that
   * stays within {@code batchRows} (so the pieces' validity bitmaps are shared, not copied).
   */
  static int pieceSize(int rows, int batchRows) {
    if (rows <= batchRows) {
      return Math.max(rows, 1);
    }
    int pieces = (rows + batchRows - 1) / batchRows;
    int size = (rows + pieces - 1) / pieces;
    int aligned = (size + 63) & ~63;
    return aligned <= batchRows ? aligned : size;
  }

  private void dispatch(long firstRow, int from, int rows) {
    LoadLedger.Batch batch = ledger.dispatch(firstRow, rows);
    BatchSlice slice;
    try {
      slice = BatchSlice.of(batch, source, from, rows, allocator);
    } catch (RuntimeException e) {
      String reason = "batch " + batch.index + ": taking rows from the record batch failed: "
          + ArrowSource.oneLine(e);
      ledger.failed(batch, 0, LoadLedger.State.NOT_SENT, ArrowSource.oneLine(e));
      stop(reason, true);
      return;
    }
    try {
      while (!queue.offer(slice, 100, TimeUnit.MILLISECONDS)) {
        if (stopping) {
          ledger.notSent(batch);
          slice.close();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ledger.notSent(batch);
      slice.close();
      stop("the reading thread was interrupted", true);
    }
  }

  /** Puts one end marker for an inserting thread (bounded wait when the load is stopping). */
  private void putEnd() {
    try {
      while (!queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
        if (stopping && System.nanoTime() - deadline() > 0) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean await(Thread t) {
    try {
      while (t.isAlive()) {
        t.join(100);
        if (stopping && System.nanoTime() - deadline() > 0) {
          return !t.isAlive();
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop("interrupted while waiting for the inserting threads", true);
      return !t.isAlive();
    }
  }

  private long deadline() {
    synchronized (stopLock) {
      return stopDeadlineNanos;
    }
  }

  private void drainUnsent() {
    BatchSlice s;
    while ((s = queue.poll()) != null) {
      if (s != END) {
        ledger.notSent(s.batch);
        s.close();
      }
    }
  }

  private void insertLoop() {
    while (true) {
      BatchSlice slice;
      try {
        slice = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (slice == END) {
        return;
      }
      try {
        if (stopping) {
          ledger.notSent(slice.batch);
        } else {
          insert(slice);
        }
      } catch (Error e) {
        // Out of memory or worse: account for the batch and stop the load before the thread ends.
        fail(slice.batch, 0, LoadLedger.State.UNKNOWN, e);
        throw e;
      } finally {
        slice.close();
      }
    }
  }

  private void insert(BatchSlice slice) {
    LoadLedger.Batch batch = slice.batch;
    ledger.sending(batch);
    LoadTarget.Insert insert;
    try {
      insert = target.prepare(slice);
    } catch (RuntimeException e) {
      fail(batch, 0, LoadLedger.State.NOT_SENT, e);
      return;
    }
    boolean acknowledged = false;
    try {
      insert.send();
      acknowledged = true;
    } catch (PartialInsertException e) {
      fail(batch, insert.acknowledgedPrefix(e), e.getCause() instanceof StatementException
          ? LoadLedger.State.REFUSED : LoadLedger.State.UNKNOWN, e);
    } catch (InvalidBatchException e) {
      fail(batch, 0, LoadLedger.State.NOT_SENT, e);
    } catch (StatementException e) {
      fail(batch, 0, LoadLedger.State.REFUSED, e);
    } catch (RuntimeException e) {
      fail(batch, 0, LoadLedger.State.UNKNOWN, e);
    } finally {
      try {
        insert.close();
      } catch (RuntimeException e) {
        warnings.add("handing a session back to the pool after batch " + batch.index + " failed: "
            + ArrowSource.oneLine(e));
      }
    }
    if (acknowledged) {
      ledger.acknowledged(batch);
      try {
        observer.acknowledged(this, batch.index, batch.firstRow, batch.rows);
      } catch (RuntimeException e) {
        stop("the load observer failed: " + ArrowSource.oneLine(e), true);
      }
    }
  }

  private void fail(LoadLedger.Batch batch, long acknowledgedPrefix, LoadLedger.State state,
      Throwable e) {
    String message = ArrowSource.oneLine(e);
    if (e instanceof InvalidBatchException && ((InvalidBatchException) e).row() >= 0) {
      long row = ((InvalidBatchException) e).row();
      message += " (row " + LoadLedger.num(row) + " of the batch is row "
          + LoadLedger.num(batch.firstRow + row) + " of the file)";
    } else if (e instanceof ConnectionException || !(e instanceof QuiverException)) {
      message = e.getClass().getSimpleName() + ": " + message;
    }
    ledger.failed(batch, acknowledgedPrefix, state, message);
    stop("batch " + batch.index + " (file rows " + LoadLedger.num(batch.firstRow) + "-"
        + LoadLedger.num(batch.endRow() - 1) + ") failed: " + message, true);
  }

  /** Ends an inserting thread's loop. */
  private static final BatchSlice END = BatchSlice.END;
}
