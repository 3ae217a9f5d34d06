package io.quiver.cli.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exact account of a load: which rows of the file went out in which batch, and what became of
 * each batch. Every batch is a run of consecutive file rows, numbered from 0 in file order; it is
 * <em>acknowledged</em> only when IoTDB answered its insert with success (for a batch the session
 * had to send in parts, the parts acknowledged before a failure count, as they are a prefix of the
 * batch). From the account, {@link #report()} tells the rows acknowledged, the rows not
 * acknowledged and why, and the row to resume from: the first row of the file not acknowledged.
 *
 * <p>Thread-safe: the reader dispatches batches, the inserting threads record outcomes.
 */
final class LoadLedger {
  /** What became of a batch. */
  enum State {
    /** Handed to the inserting threads, not yet taken. */
    QUEUED,
    /** An inserting thread is sending it. */
    IN_FLIGHT,
    ACKNOWLEDGED,
    /** Not sent at all: nothing of it can be on the server. */
    NOT_SENT,
    /** IoTDB answered with an error: it may have stored part of it (partial insert). */
    REFUSED,
    /** No answer (a broken connection, or still in flight at the end): it may or may not be stored. */
    UNKNOWN
  }

  /** One batch: file rows {@code [firstRow, firstRow + rows)}. */
  static final class Batch {
    final int index;
    final long firstRow;
    final int rows;
    private State state = State.QUEUED;
    /** Rows from the start of the batch that IoTDB acknowledged although the batch failed. */
    private long acknowledgedPrefix;
    private String reason;

    Batch(int index, long firstRow, int rows) {
      this.index = index;
      this.firstRow = firstRow;
      this.rows = rows;
    }

    long endRow() {
      return firstRow + rows;
    }
  }

  private final long startRow;
  private final long totalRows;
  private final List<Batch> batches = new ArrayList<>();
  private final AtomicLong acknowledgedRows = new AtomicLong();
  private long nextRow;
  private boolean endOfFile;
  private long rowsInFile = -1;
  private String readFailure;

  /**
   * @param startRow the first row of the file this load sends ({@code --skip-rows})
   * @param totalRows the rows in the file, or -1 if unknown (a stream)
   */
  LoadLedger(long startRow, long totalRows) {
    this.startRow = startRow;
    this.totalRows = totalRows;
    this.nextRow = startRow;
  }

  /** Records a new batch, the next rows of the file, before it is handed out. */
  synchronized Batch dispatch(long firstRow, int rows) {
    if (firstRow != nextRow) {
      throw new IllegalStateException("batch at row " + firstRow + " does not follow row " + nextRow);
    }
    Batch b = new Batch(batches.size(), firstRow, rows);
    batches.add(b);
    nextRow = firstRow + rows;
    return b;
  }

  /** The reader reached the end of the file, which holds {@code rows} rows. */
  synchronized void endOfFile(long rows) {
    endOfFile = true;
    rowsInFile = rows;
  }

  /** Reading the file failed after the rows dispatched so far. */
  synchronized void readFailed(String reason) {
    readFailure = reason;
  }

  synchronized void sending(Batch b) {
    b.state = State.IN_FLIGHT;
  }

  void acknowledged(Batch b) {
    synchronized (this) {
      b.state = State.ACKNOWLEDGED;
    }
    acknowledgedRows.addAndGet(b.rows);
  }

  /**
   * Records a failed batch.
   *
   * @param acknowledgedPrefix rows from the batch's start that IoTDB acknowledged nonetheless
   * @param state NOT_SENT, REFUSED or UNKNOWN: what may be on the server of the rest
   */
  void failed(Batch b, long acknowledgedPrefix, State state, String reason) {
    synchronized (this) {
      b.state = state;
      b.acknowledgedPrefix = acknowledgedPrefix;
      b.reason = reason;
    }
    acknowledgedRows.addAndGet(acknowledgedPrefix);
  }

  /** A batch that was not sent because the load was stopping. */
  synchronized void notSent(Batch b) {
    b.state = State.NOT_SENT;
  }

  /** Rows acknowledged so far (for progress). */
  long acknowledgedRows() {
    return acknowledgedRows.get();
  }

  /** Batches dispatched so far. */
  synchronized int dispatchedBatches() {
    return batches.size();
  }

  /**
   * The account as it stands. Batches still queued count as not sent; batches still in flight as
   * unknown (the load gave up waiting for them).
   */
  synchronized Report report() {
    List<Segment> segments = new ArrayList<>();
    long acknowledged = 0;
    int acknowledgedBatches = 0;
    for (Batch b : batches) {
      State s = b.state == State.QUEUED ? State.NOT_SENT
          : b.state == State.IN_FLIGHT ? State.UNKNOWN : b.state;
      String reason = b.reason;
      if (b.state == State.IN_FLIGHT) {
        reason = "still in flight when the load stopped waiting for it";
      }
      if (s == State.ACKNOWLEDGED) {
        acknowledged += b.rows;
        acknowledgedBatches++;
        segments.add(new Segment(b.firstRow, b.endRow(), b.index, b.index, s, null, false));
        continue;
      }
      long prefix = b.acknowledgedPrefix;
      if (prefix > 0) {
        acknowledged += prefix;
        segments.add(new Segment(b.firstRow, b.firstRow + prefix, b.index, b.index,
            State.ACKNOWLEDGED, null, true));
      }
      segments.add(new Segment(b.firstRow + prefix, b.endRow(), b.index, b.index, s, reason,
          prefix > 0));
    }
    segments = merge(segments);
    long resume = startRow;
    for (Segment s : segments) {
      if (s.state != State.ACKNOWLEDGED) {
        break;
      }
      resume = s.end;
    }
    boolean complete = endOfFile && readFailure == null && resume == nextRow;
    long acknowledgedAfterResume = 0;
    for (Segment s : segments) {
      if (s.state == State.ACKNOWLEDGED && s.from >= resume) {
        acknowledgedAfterResume += s.end - s.from;
      }
    }
    return new Report(startRow, totalRows >= 0 ? totalRows : rowsInFile, nextRow, endOfFile,
        readFailure, batches.size(),
        acknowledged, acknowledgedBatches, resume, acknowledgedAfterResume, complete,
        List.copyOf(segments));
  }

  /** Joins neighbouring segments of acknowledged rows, and of rows not sent for the same reason. */
  private static List<Segment> merge(List<Segment> in) {
    List<Segment> out = new ArrayList<>();
    for (Segment s : in) {
      if (!out.isEmpty()) {
        Segment last = out.get(out.size() - 1);
        boolean joinable = last.end == s.from && last.state == s.state && !last.partial && !s.partial
            && (s.state == State.ACKNOWLEDGED
                || (s.state == State.NOT_SENT && last.reason == null && s.reason == null));
        if (joinable) {
          out.set(out.size() - 1, new Segment(last.from, s.end, last.firstBatch, s.lastBatch,
              s.state, null, false));
          continue;
        }
      }
      out.add(s);
    }
    return out;
  }

  /**
   * Rows {@code [from, end)} of the file, in batches {@code firstBatch..lastBatch}, all in one
   * state.
   *
   * @param partial part of a batch (the acknowledged prefix of a failed batch, or its rest)
   */
  record Segment(long from, long end, int firstBatch, int lastBatch, State state, String reason,
      boolean partial) {}

  /**
   * The account of a load.
   *
   * @param startRow the first row the load was to send
   * @param totalRows the rows in the file, or -1 if unknown (a stream not read to its end)
   * @param nextRow the first row never dispatched
   * @param endOfFile whether the whole file was read
   * @param readFailure why reading stopped early, or null
   * @param batches batches dispatched
   * @param acknowledgedRows rows IoTDB acknowledged
   * @param acknowledgedBatches batches acknowledged whole
   * @param resumeRow the first row not acknowledged: where a rerun starts ({@code --skip-rows})
   * @param acknowledgedAfterResume acknowledged rows at or after {@code resumeRow} (a rerun from
   *     there sends them again)
   * @param complete every row from {@code startRow} to the end of the file acknowledged
   * @param segments the dispatched rows, in file order
   */
  record Report(long startRow, long totalRows, long nextRow, boolean endOfFile, String readFailure,
      int batches, long acknowledgedRows, int acknowledgedBatches, long resumeRow,
      long acknowledgedAfterResume, boolean complete, List<Segment> segments) {

    /**
     * "acknowledged rows: 2,150,000 in batches 0-41 and 43 (file rows 0-2,099,999 and
     * 2,150,000-2,199,999)".
     */
    String acknowledgedLine() {
      List<String> batchSpans = new ArrayList<>();
      List<String> rowSpans = new ArrayList<>();
      for (Segment s : segments) {
        if (s.state == State.ACKNOWLEDGED) {
          batchSpans.add(s.partial ? "the first " + num(s.end - s.from) + " rows of batch "
              + s.firstBatch : span(s.firstBatch, s.lastBatch));
          rowSpans.add(rows(s.from, s.end));
        }
      }
      if (batchSpans.isEmpty()) {
        return "acknowledged rows: none";
      }
      String first = batchSpans.get(0);
      String prefix = first.startsWith("the ") ? "" : acknowledgedBatches > 1 ? "batches " : "batch ";
      return "acknowledged rows: " + num(acknowledgedRows) + " in " + prefix + and(batchSpans)
          + " (file rows " + and(rowSpans) + ")";
    }

    /** "not written: ..." for every row from the start row that is not acknowledged, or null. */
    String notWrittenLine() {
      List<String> parts = new ArrayList<>();
      long unsentFrom = -1;
      String unsentBatches = null;
      for (Segment s : segments) {
        if (s.state == State.ACKNOWLEDGED) {
          continue;
        }
        String batches = s.firstBatch == s.lastBatch ? "batch " + s.firstBatch
            : "batches " + s.firstBatch + "-" + s.lastBatch;
        if (s.state == State.NOT_SENT && s.reason == null && s.end == nextRow) {
          // Queued when the load stopped: told together with the rows never dispatched.
          unsentFrom = s.from;
          unsentBatches = batches;
          continue;
        }
        String what = s.partial ? "the rest of batch " + s.firstBatch : batches;
        parts.add(what + " (file rows " + rows(s.from, s.end) + "): " + describe(s));
      }
      boolean tail = totalRows >= 0 ? nextRow < totalRows : !endOfFile;
      if (unsentFrom >= 0 || tail) {
        long from = unsentFrom >= 0 ? unsentFrom : nextRow;
        String range = totalRows >= 0 ? "file rows " + rows(from, totalRows)
            : "file rows from " + num(from) + " on";
        String note = unsentFrom < 0 ? "" : tail ? " (" + unsentBatches + " and every row after them)"
            : " (" + unsentBatches + ")";
        parts.add(range + note + ": not sent");
      }
      if (parts.isEmpty()) {
        return null;
      }
      return "not written: " + String.join("; ", parts);
    }

    /** "to resume, rerun the same command with --skip-rows N ...", or null when complete. */
    String resumeLine() {
      if (complete) {
        return null;
      }
      String line = "to resume, rerun the same command with --skip-rows " + resumeRow
          + " (row " + num(resumeRow) + " is the first row not acknowledged";
      if (acknowledgedAfterResume > 0) {
        line += "; the rerun sends again the " + num(acknowledgedAfterResume) + " acknowledged rows"
            + " after it, which is harmless: rows with equal time and tags overwrite";
      }
      return line + ")";
    }

    private static String describe(Segment s) {
      switch (s.state) {
        case NOT_SENT:
          return s.reason == null ? "not sent" : "not sent, so none of it is stored: " + s.reason;
        case REFUSED:
          return "refused by IoTDB, which may have stored part of it (partial insert): " + s.reason;
        case UNKNOWN:
          return "outcome unknown, IoTDB may or may not have stored it: " + s.reason;
        default:
          return s.state.toString();
      }
    }

    private static String span(int first, int last) {
      return first == last ? Integer.toString(first) : first + "-" + last;
    }

    private static String rows(long from, long end) {
      return end - from == 1 ? num(from) : num(from) + "-" + num(end - 1);
    }

    private static String and(List<String> items) {
      if (items.size() == 1) {
        return items.get(0);
      }
      return String.join(", ", items.subList(0, items.size() - 1)) + " and "
          + items.get(items.size() - 1);
    }
  }

  static String num(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
