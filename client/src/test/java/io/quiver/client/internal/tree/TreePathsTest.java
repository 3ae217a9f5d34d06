package io.quiver.client.internal.tree;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.ColumnCategory;
import io.quiver.client.spi.WireBuffer;
import java.util.List;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Device paths and measurement names: what an IoTDB 2.0.10 server accepted and refused in
 * TreeNamesIT, decided here before any byte is sent.
 */
class TreePathsTest {

  @ParameterizedTest
  @ValueSource(strings = {"root.probe", "root.probe.d1", "root.probe.`d-1`", "root.probe.`d 1`",
      "root.probe.1d", "root.probe.select", "root.probe.中文", "root.probe.d_1", "root.probe.d:1",
      "root.probe.`a.b`", "root.probe.d@1", "root.probe.d#1", "root.probe.d$1", "root.probe.d{1}",
      "root.probe.`d``1`", "root.a.b.c.d.e", "root.probe.`12`"})
  void devicePathsTheServerAcceptsPass(String path) {
    assertDoesNotThrow(() -> TreePaths.checkDevice(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"root", "", "probe.d1", "ROOT.probe.upper", "root.probe.d-1",
      "root.probe..d1", "root.probe.d1.", "root.probe.d 1", "root.probe.*", "root.probe.d*",
      "root.probe.time", "root.probe.TIME", "root.probe.timestamp", "root.probe.root",
      "root.probe.\"q\"", "root.probe.12", "root.probe.1e5", "root.probe.-1", "root.probe.d`1",
      "root.probe.d1 ", " root.probe.d1", "root.probe.`d1", "root.probe.`d`x", "root.probe.``",
      "root.probe.dé", "root.probe.`a`b.c", "root.probe.`d`1`", "root.probe.`time`",
      "root.probe.`Root`"})
  void devicePathsTheServerRefusesAreRefusedNamingThePath(String path) {
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> TreePaths.checkDevice(path));
    assertTrue(e.getMessage().startsWith("device path '" + path + "' is not valid: "), e.getMessage());
    assertEquals(-1, e.row());
    assertTrue(!e.isRetryable());
  }

  @Test
  void aNullPathIsRefused() {
    assertThrows(InvalidBatchException.class, () -> TreePaths.checkDevice(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s1", "S1", "`s 1`", "`s.1`", "1s", "select", "s_1", "中文", "`s``1`",
      "device", "align", "null", "`12`"})
  void measurementNamesTheServerAcceptsPass(String name) {
    assertDoesNotThrow(() -> TreePaths.checkMeasurement("root.sg.d1", name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s.1", "s 1", "time", "Time", "TIMESTAMP", "root", "", "*", "s*", "12",
      "s-1", "s:1", "s`1", "\"s1\"", "s@1", "s#1", "s$1", "s{1}", "1e5", "-1", "`s1", "sé", "`time`", "`TIMESTAMP`"})
  void measurementNamesTheServerRefusesAreRefusedNamingDeviceAndColumn(String name) {
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> TreePaths.checkMeasurement("root.sg.d1", name));
    assertTrue(e.getMessage().startsWith("device 'root.sg.d1' measurement '" + name + "' "), e.getMessage());
    assertEquals(name, e.column());
  }

  @Test
  void theMessageSaysHowToQuoteAName() {
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> TreePaths.checkMeasurement("root.sg.d1", "s-1"));
    assertTrue(e.getMessage().contains("`s-1`"), e.getMessage());
  }

  /** A batch of one row whose columns have these names, all INT32. */
  static InsertBatch named(String... names) {
    return new InsertBatch() {
      public String tableName() {
        return "ignored";
      }

      public int rowCount() {
        return 1;
      }

      public int columnCount() {
        return names.length;
      }

      public String columnName(int i) {
        return names[i];
      }

      public DataType dataType(int i) {
        return DataType.INT32;
      }

      public ColumnCategory category(int i) {
        return ColumnCategory.FIELD;
      }

      public long valuesSize() {
        return 4L * names.length;
      }

      public void writeTimestamps(WireBuffer out, TimePrecision precision) {
        out.putLong(1L);
      }

      public void writeValues(WireBuffer out, TimePrecision precision) {
        for (int i = 0; i < names.length; i++) {
          out.putInt(i);
        }
      }
    };
  }

  @Test
  void duplicateMeasurementsAreRefusedNamingTheDeviceAndColumn() {
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> TreePaths.check(new DeviceBatch("root.sg.d1", named("a", "b", "a"))));
    assertEquals("a", e.column());
    assertTrue(e.getMessage().contains("'root.sg.d1'") && e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void caseDistinguishesMeasurements() {
    assertDoesNotThrow(() -> TreePaths.check(new DeviceBatch("root.sg.d1", named("s1", "S1"))));
  }

  @Test
  void theWriterRefusesABadNameBeforeWritingAnyByte() {
    FrameTransport t = new FrameTransport();
    assertThrows(InvalidBatchException.class, () -> TreeInsertWriter.writeTablet(
        new TBinaryProtocol(t), t.frame(), false, 1, 1L, new DeviceBatch("root.sg.d-1", named("s")),
        false, TimePrecision.MILLISECONDS));
    assertEquals(0, t.frame().position());
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> TreeInsertWriter.writeTablets(
        new TBinaryProtocol(t), t.frame(), false, 1, 1L,
        List.of(new DeviceBatch("root.sg.d1", named("s")), new DeviceBatch("root.sg.d2", named("s", "s"))),
        false, TimePrecision.MILLISECONDS));
    assertTrue(e.getMessage().contains("root.sg.d2"), e.getMessage());
    assertEquals(0, t.frame().position(), "the second device's fault stops the first from being written");
  }

  @Test
  void noMeasurementsIsAcceptedAsTheServerDoes() {
    assertNull(assertDoesNotThrow(() -> {
      TreePaths.check(new DeviceBatch("root.sg.d1", named()));
      return null;
    }));
  }
}
