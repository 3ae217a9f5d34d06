package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadProgressTest {
  @Test
  void aKnownTotalShowsABarRowsRateAndTimeLeft() {
    assertEquals("   42% [#############-----------------]  420,000 / 1,000,000 rows  210,000 rows/s"
        + "  0:00:03 left", LoadProgress.terminalLine(420_000, 1_000_000, 2.0));
    assertEquals("420,000 of 1,000,000 rows acknowledged (42%), 210,000 rows/s, about 0:00:03 left",
        LoadProgress.plainLine(420_000, 1_000_000, 2.0));
  }

  @Test
  void anUnknownTotalShowsRowsAndRateOnly() {
    assertEquals("  420,000 rows  210,000 rows/s", LoadProgress.terminalLine(420_000, -1, 2.0));
    assertEquals("420,000 rows acknowledged, 210,000 rows/s", LoadProgress.plainLine(420_000, -1, 2.0));
  }

  @Test
  void timeLeftIsUnknownBeforeTheFirstRows() {
    assertEquals("?:??:??", LoadProgress.timeLeft(0, 10, 0));
    assertEquals("1:01:01", LoadProgress.timeLeft(0, 3661, 1));
  }

  @Test
  void withoutATerminalAPlainLineIsPrintedPeriodically() throws InterruptedException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    LoadLedger ledger = new LoadLedger(0, 100);
    ledger.acknowledged(ledger.dispatch(0, 40));
    LoadProgress progress = new LoadProgress(out, false, ledger, 100, Duration.ofMillis(20));
    progress.start();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!buffer.toString(StandardCharsets.UTF_8).contains("\n") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    progress.close();
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("load: 40 of 100 rows acknowledged (40%), "), text);
    assertTrue(!text.contains("\r"), text);
  }
}
