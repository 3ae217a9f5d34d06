package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.StatementException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which refusals of IoTDB are worth sending again, by code and, for the generic codes, by cause. */
class TransientStatusesTest {
  /** What IoTDB 2.0.10 answered on 1C2D after DataNode 1 restarted (node 0's link to it was stale). */
  private static final String STALE_LINK = "Fail to send plan node, exception message: "
      + "org.apache.thrift.transport.TTransportException: java.net.SocketException: Broken pipe";
  private static final String REFUSED_LINK = "Fail to send plan node, exception message: "
      + "org.apache.thrift.transport.TTransportException: java.net.ConnectException: Connection refused";

  private static TSStatus status(int code, String message) {
    TSStatus s = new TSStatus(code);
    if (message != null) {
      s.setMessage(message);
    }
    return s;
  }

  /** Every code IoTDB 2.0 defines that is neither transient nor generic nor a success. */
  static IntStream finalCodes() {
    int[][] ranges = {{201, 208}, {300, 300}, {303, 304}, {307, 308}, {401, 401}, {500, 536}, {550, 554},
        {560, 560}, {600, 617}, {620, 620}, {700, 723}, {740, 742}, {750, 752}, {800, 822}, {900, 910},
        {1000, 1014}, {1100, 1112}, {1200, 1207}, {1300, 1308}, {1400, 1403}, {1500, 1508}, {1599, 1599},
        {1600, 1605}, {1700, 1708}, {1800, 1815}, {1900, 1918}, {2000, 2005}, {2100, 2103}, {2200, 2209},
        {2300, 2305}};
    List<Integer> codes = new ArrayList<>();
    for (int[] r : ranges) {
      for (int c = r[0]; c <= r[1]; c++) {
        if (!TransientStatuses.TRANSIENT_CODES.contains(c) && !TransientStatuses.GENERIC_CODES.contains(c)) {
          codes.add(c);
        }
      }
    }
    return codes.stream().mapToInt(Integer::intValue);
  }

  static IntStream transientCodes() {
    return TransientStatuses.TRANSIENT_CODES.stream().mapToInt(Integer::intValue).sorted();
  }

  static IntStream genericCodes() {
    return TransientStatuses.GENERIC_CODES.stream().mapToInt(Integer::intValue).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientCodes")
  void aTransientCodeIsTransientWhateverItsMessage(int code) {
    assertTrue(TransientStatuses.isTransient(status(code, null)));
    assertTrue(TransientStatuses.isTransient(status(code, "anything at all")));
    assertTrue(TransientStatuses.isTransient(code, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("finalCodes")
  void aFinalCodeIsFinalEvenWithALinkFailureInItsMessage(int code) {
    assertFalse(TransientStatuses.isTransient(status(code, null)));
    assertFalse(TransientStatuses.isTransient(status(code, STALE_LINK)), "code " + code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("genericCodes")
  void aGenericCodeIsTransientWhenEveryKnownLinkFailureCausedIt(int code) {
    for (String fragment : TransientStatuses.LINK_FAILURES) {
      assertTrue(TransientStatuses.isTransient(code, "failed: " + fragment.toUpperCase(java.util.Locale.ROOT) + "!"),
          code + " " + fragment);
    }
    assertTrue(TransientStatuses.isTransient(status(code, STALE_LINK)));
    assertTrue(TransientStatuses.isTransient(status(code, REFUSED_LINK)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("genericCodes")
  void aGenericCodeIsFinalForAStatementTheServerCouldNotRun(int code) {
    assertFalse(TransientStatuses.isTransient(status(code, null)));
    assertFalse(TransientStatuses.isTransient(status(code, "")));
    assertFalse(TransientStatuses.isTransient(status(code, "Unknown column category for region. Cannot auto-convert")));
    assertFalse(TransientStatuses.isTransient(status(code, "Table t1 does not exist")));
    assertFalse(TransientStatuses.isTransient(status(code, "java.lang.NullPointerException")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {200, 400})
  void aSuccessIsNotATransientRefusal(int code) {
    assertFalse(TransientStatuses.isTransient(status(code, STALE_LINK)));
    TSStatus marked = status(code, null).setNeedRetry(true);
    assertFalse(TransientStatuses.isTransient(marked));
  }

  @Test
  void aStatusTheServerMarksForRetryIsTransientWhateverItsCode() {
    assertTrue(TransientStatuses.isTransient(status(701, "semantic").setNeedRetry(true)));
    assertFalse(TransientStatuses.isTransient(status(701, "semantic").setNeedRetry(false)));
  }

  @Test
  void aMultipleErrorIsTransientOnlyWhenEveryFailedPartIs() {
    TSStatus allTransient = status(302, null);
    allTransient.setSubStatus(List.of(status(200, null), status(301, STALE_LINK), status(1012,
        "All replicas for region[DataRegion[3]] are not available in these DataNodes[1]")));
    assertTrue(TransientStatuses.isTransient(allTransient));

    TSStatus oneFinal = status(302, null);
    oneFinal.setSubStatus(List.of(status(301, STALE_LINK), status(614, "data type mismatch")));
    assertFalse(TransientStatuses.isTransient(oneFinal));

    assertFalse(TransientStatuses.isTransient(status(302, "no parts")), "a 302 without parts is final");
    TSStatus noParts = status(302, null);
    noParts.setSubStatus(List.of());
    assertFalse(TransientStatuses.isTransient(noParts));
  }

  @Test
  void statusesCheckThrowsARetryableExceptionForATransientRefusalOnly() {
    StatementException stale = assertThrows(StatementException.class,
        () -> Statuses.check(status(301, STALE_LINK), "insert"));
    assertTrue(stale.isRetryable(), stale.getMessage());
    assertEquals(301, stale.statusCode());
    StatementException leader = assertThrows(StatementException.class,
        () -> Statuses.check(status(905, "leader moved"), "insert"));
    assertTrue(leader.isRetryable());
    StatementException semantic = assertThrows(StatementException.class,
        () -> Statuses.check(status(301, "Table t1 does not exist"), "insert"));
    assertFalse(semantic.isRetryable());
    StatementException parse = assertThrows(StatementException.class,
        () -> Statuses.check(status(700, "parse error at 'SELEC'"), "query"));
    assertFalse(parse.isRetryable());
  }
}
