package io.quiver.client.internal.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.RequestSizes;
import java.util.List;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.Test;

/**
 * The tree requests as the session core sees them: a {@link TreeTablet} writes exactly what
 * {@link TreeInsertWriter#writeTablet} writes and splits by rows; a {@link TreeTablets} counts
 * every device's rows and columns and bounds its frame.
 */
class TreeTabletsTest {
  static Tablet tablet(String device, int rows) {
    Tablet.Builder b = Tablet.builder(device).field("a", DataType.INT64).field("b", DataType.TEXT);
    for (int r = 0; r < rows; r++) {
      b.row((long) r, (long) r, "v" + r);
    }
    return b.build();
  }

  static byte[] write(io.quiver.client.internal.RequestWriting w) throws Exception {
    FrameTransport t = new FrameTransport();
    w.writeRequest(new TBinaryProtocol(t), t.frame(), false, 7, 42L, TimePrecision.MILLISECONDS);
    return t.bytes();
  }

  @Test
  void aTreeTabletWritesTheWritersInsertTabletAndSplitsByRows() throws Exception {
    Tablet rows = tablet("root.sg.d1", 200);
    FrameTransport t = new FrameTransport();
    TreeInsertWriter.writeTablet(new TBinaryProtocol(t), t.frame(), false, 7, 42L,
        new DeviceBatch("root.sg.d1", rows), true, TimePrecision.MILLISECONDS);
    assertArrayEquals(t.bytes(), write(new TreeTablet(rows, true)));
    TreeTablet part = (TreeTablet) new TreeTablet(rows, true).rows(64, 200);
    assertEquals(136, part.rowCount());
    assertEquals("root.sg.d1", part.tableName());
    FrameTransport p = new FrameTransport();
    TreeInsertWriter.writeTablet(new TBinaryProtocol(p), p.frame(), false, 7, 42L,
        new DeviceBatch("root.sg.d1", rows.rows(64, 200)), true, TimePrecision.MILLISECONDS);
    assertArrayEquals(p.bytes(), write(part));
  }

  @Test
  void treeTabletsWritesTheWritersInsertTabletsAndBoundsItsFrame() throws Exception {
    List<DeviceBatch> devices = List.of(new DeviceBatch("root.sg.d1", tablet("root.sg.d1", 3)),
        new DeviceBatch("root.sg.d2", tablet("root.sg.d2", 5)));
    TreeTablets all = new TreeTablets(devices, false);
    assertEquals(8, all.rowCount());
    assertEquals(4, all.columnCount());
    assertEquals("b", all.columnName(3));
    assertEquals(DataType.INT64, all.dataType(2));
    assertEquals("root.sg.d1 and 1 more devices", all.tableName());
    FrameTransport t = new FrameTransport();
    TreeInsertWriter.writeTablets(new TBinaryProtocol(t), t.frame(), false, 7, 42L, devices, false,
        TimePrecision.MILLISECONDS);
    byte[] expected = t.bytes();
    assertArrayEquals(expected, write(all));
    long bound = 256;
    for (DeviceBatch d : devices) {
      bound += TreeTablets.frameBound(d);
    }
    assertTrue(expected.length <= bound, expected.length + " bytes, bound " + bound);
    assertTrue(RequestSizes.insertFrameBound(all) > 0);
    assertThrows(IllegalArgumentException.class, () -> new TreeTablets(List.of(), false));
  }

  @Test
  void aBadDeviceIsRefusedBeforeAnyByteIsWritten() {
    FrameTransport t = new FrameTransport();
    TreeTablets bad = new TreeTablets(List.of(new DeviceBatch("root.sg.d1", tablet("root.sg.d1", 1)),
        new DeviceBatch("root.sg.d-2", tablet("root.sg.d-2", 1))), false);
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> bad.writeRequest(
        new TBinaryProtocol(t), t.frame(), false, 1, 1L, TimePrecision.MILLISECONDS));
    assertTrue(e.getMessage().contains("root.sg.d-2"), e.getMessage());
    assertEquals(0, t.bytes().length, "nothing written");
  }
}
