package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The public route to the tree name checks gives the session's verdicts (full rules: TreePathsTest). */
class TreeNamesTest {

  @Test
  void aDevicePathTheServerAcceptsPasses() {
    assertDoesNotThrow(() -> TreeNames.checkDevice("root.sg.`d-1`"));
    assertDoesNotThrow(() -> TreeNames.checkMeasurement("root.sg.d1", "s_1"));
  }

  @Test
  void aBadDevicePathIsRefusedNamingIt() {
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> TreeNames.checkDevice("root.sg.d-1"));
    assertTrue(e.getMessage().contains("root.sg.d-1"), e.getMessage());
  }

  @Test
  void aBadMeasurementIsRefusedNamingTheDeviceAndTheColumn() {
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> TreeNames.checkMeasurement("root.sg.d1", "s 1"));
    assertTrue(e.getMessage().contains("root.sg.d1") && e.getMessage().contains("'s 1'"),
        e.getMessage());
    assertEquals("s 1", e.column());
  }
}
