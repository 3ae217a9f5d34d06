package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.load.LoadLedger.Batch;
import io.quiver.cli.load.LoadLedger.Report;
import io.quiver.cli.load.LoadLedger.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadLedgerTest {
  private static List<Batch> dispatch(LoadLedger ledger, long from, int count, int rows) {
    List<Batch> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(ledger.dispatch(from + (long) i * rows, rows));
    }
    return out;
  }

  @Test
  void everyBatchAcknowledgedToTheEndIsComplete() {
    LoadLedger ledger = new LoadLedger(0, 150_000);
    for (Batch b : dispatch(ledger, 0, 3, 50_000)) {
      ledger.sending(b);
      ledger.acknowledged(b);
    }
    ledger.endOfFile(150_000);
    Report r = ledger.report();
    assertTrue(r.complete());
    assertEquals(150_000, r.acknowledgedRows());
    assertEquals(3, r.acknowledgedBatches());
    assertEquals("acknowledged rows: 150,000 in batches 0-2 (file rows 0-149,999)", r.acknowledgedLine());
    assertNull(r.notWrittenLine());
    assertNull(r.resumeLine());
  }

  @Test
  void aFailedBatchAmongAcknowledgedOnesIsNamedAndTheResumeRowIsItsFirstRow() {
    LoadLedger ledger = new LoadLedger(0, 5_000_000);
    List<Batch> batches = dispatch(ledger, 0, 45, 50_000);
    for (int i = 0; i <= 43; i++) {
      if (i != 42) {
        ledger.acknowledged(batches.get(i));
      }
    }
    ledger.failed(batches.get(42), 0, State.NOT_SENT, "a null time");
    // Batch 44 was queued when the load stopped.
    Report r = ledger.report();
    assertFalse(r.complete());
    assertEquals(44 * 50_000L - 50_000, r.acknowledgedRows());
    assertEquals("acknowledged rows: 2,150,000 in batches 0-41 and 43 (file rows 0-2,099,999 and"
        + " 2,150,000-2,199,999)", r.acknowledgedLine());
    assertEquals("not written: batch 42 (file rows 2,100,000-2,149,999): not sent, so none of it is"
        + " stored: a null time; file rows 2,200,000-4,999,999 (batch 44 and every row after them):"
        + " not sent", r.notWrittenLine());
    assertEquals(2_100_000, r.resumeRow());
    assertEquals(50_000, r.acknowledgedAfterResume());
    assertEquals("to resume, rerun the same command with --skip-rows 2100000 (row 2,100,000 is the"
        + " first row not acknowledged; the rerun sends again the 50,000 acknowledged rows after it,"
        + " which is harmless: rows with equal time and tags overwrite)", r.resumeLine());
  }

  @Test
  void batchesStillQueuedOrInFlightAreNotSentOrUnknown() {
    LoadLedger ledger = new LoadLedger(0, 400);
    List<Batch> b = dispatch(ledger, 0, 4, 100);
    ledger.acknowledged(b.get(0));
    ledger.sending(b.get(1));
    ledger.failed(b.get(2), 0, State.REFUSED, "IoTDB status 507");
    Report r = ledger.report();
    assertEquals(100, r.acknowledgedRows());
    assertEquals(100, r.resumeRow());
    assertEquals("not written: batch 1 (file rows 100-199): outcome unknown, IoTDB may or may not"
        + " have stored it: still in flight when the load stopped waiting for it; batch 2 (file rows"
        + " 200-299): refused by IoTDB, which may have stored part of it (partial insert): IoTDB"
        + " status 507; file rows 300-399 (batch 3): not sent", r.notWrittenLine());
  }

  @Test
  void theAcknowledgedPrefixOfABatchSentInPartsCounts() {
    LoadLedger ledger = new LoadLedger(0, -1);
    List<Batch> b = dispatch(ledger, 0, 2, 1000);
    ledger.acknowledged(b.get(0));
    ledger.failed(b.get(1), 640, State.UNKNOWN, "connection reset");
    Report r = ledger.report();
    assertEquals(1640, r.acknowledgedRows());
    assertEquals(1640, r.resumeRow());
    assertEquals("acknowledged rows: 1,640 in batch 0 and the first 640 rows of batch 1 (file rows"
        + " 0-999 and 1,000-1,639)", r.acknowledgedLine());
    assertEquals("not written: the rest of batch 1 (file rows 1,640-1,999): outcome unknown, IoTDB"
        + " may or may not have stored it: connection reset; file rows from 2,000 on: not sent",
        r.notWrittenLine());
  }

  @Test
  void aStreamStoppedBeforeItsEndHasAnOpenTail() {
    LoadLedger ledger = new LoadLedger(0, -1);
    List<Batch> b = dispatch(ledger, 0, 2, 10);
    ledger.acknowledged(b.get(0));
    ledger.acknowledged(b.get(1));
    Report r = ledger.report();
    assertFalse(r.complete());
    assertEquals("acknowledged rows: 20 in batches 0-1 (file rows 0-19)", r.acknowledgedLine());
    assertEquals("not written: file rows from 20 on: not sent", r.notWrittenLine());
    assertEquals(20, r.resumeRow());
    assertEquals(-1, r.totalRows());
    ledger.endOfFile(20);
    assertTrue(ledger.report().complete());
    assertEquals(20, ledger.report().totalRows());
  }

  @Test
  void skippedRowsAreNeitherAcknowledgedNorMissing() {
    LoadLedger ledger = new LoadLedger(1_000, 1_100);
    Batch only = ledger.dispatch(1_000, 100);
    ledger.acknowledged(only);
    ledger.endOfFile(1_100);
    Report r = ledger.report();
    assertTrue(r.complete());
    assertEquals("acknowledged rows: 100 in batch 0 (file rows 1,000-1,099)", r.acknowledgedLine());
    assertThrows(IllegalStateException.class, () -> ledger.dispatch(1_200, 1));
  }

  @Test
  void nothingAcknowledgedResumesAtTheStartRow() {
    LoadLedger ledger = new LoadLedger(500, 1_000);
    Report r = ledger.report();
    assertEquals("acknowledged rows: none", r.acknowledgedLine());
    assertEquals("not written: file rows 500-999: not sent", r.notWrittenLine());
    assertEquals(500, r.resumeRow());
  }
}
