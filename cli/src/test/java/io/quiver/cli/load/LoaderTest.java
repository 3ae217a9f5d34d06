package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoaderTest {
  @Test
  void aRecordBatchWithinTheLimitIsSentWhole() {
    assertEquals(40_000, Loader.pieceSize(40_000, 50_000));
    assertEquals(50_000, Loader.pieceSize(50_000, 50_000));
    assertEquals(1, Loader.pieceSize(0, 50_000));
  }

  @Test
  void aLargerRecordBatchIsCutIntoFewEvenPiecesOnWholeWordsWhenPossible() {
    assertEquals(32_768, Loader.pieceSize(65_536, 50_000));
    assertEquals(50_000, Loader.pieceSize(100_000, 50_000));
    assertEquals(33_344, Loader.pieceSize(100_001, 50_000));
    assertEquals(4, Loader.pieceSize(10, 4));
    for (int rows = 1; rows < 2_000; rows += 37) {
      for (int limit = 1; limit < 300; limit += 13) {
        int size = Loader.pieceSize(rows, limit);
        int pieces = (rows + size - 1) / size;
        assertTrue(size <= Math.max(limit, 1) || rows <= limit, rows + "/" + limit);
        assertEquals((rows + limit - 1) / limit, pieces, "pieces of " + rows + " rows at " + limit);
      }
    }
  }
}
