package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How long a statement waits for its answer, next to its own time limit. */
class ConnectionTimeoutsTest {
  @Test
  void aStatementWithoutItsOwnLimitWaitsForTheServersDefaultPlusAMargin() {
    assertEquals(70_000, Connection.statementReadTimeout(60_000, 0));
    assertEquals(70_000, Connection.statementReadTimeout(5_000, 0));
  }

  @Test
  void aStatementWithALongLimitIsNotCutShortByTheReadTimeout() {
    assertEquals(310_000, Connection.statementReadTimeout(60_000, 300_000));
  }

  @Test
  void aLongerReadTimeoutWinsAndNoLimitStaysNoLimit() {
    assertEquals(600_000, Connection.statementReadTimeout(600_000, 1_000));
    assertEquals(0, Connection.statementReadTimeout(0, 1_000));
  }
}
