package io.quiver.arrow.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.InvalidBatchException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Grouping a batch's rows by its device column, checked against a plain map, with no leaks. */
class DeviceGroupsTest {
  private BufferAllocator allocator;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void allocate() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void noLeaks() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    assertEquals(0, allocator.getAllocatedMemory(), "every buffer released");
    allocator.close();
  }

  private VarCharVector utf8(String name, String... values) {
    VarCharVector v = new VarCharVector(name, allocator);
    v.allocateNew(Math.max(1, values.length));
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  private LargeVarCharVector largeUtf8(String name, String... values) {
    LargeVarCharVector v = new LargeVarCharVector(name, allocator);
    v.allocateNew(Math.max(1, values.length));
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  private VectorSchemaRoot root(FieldVector... vectors) {
    VectorSchemaRoot root = new VectorSchemaRoot(new ArrayList<>(Arrays.asList(vectors)));
    root.setRowCount(vectors[0].getValueCount());
    open.add(root);
    return root;
  }

  /** A dictionary-encoded column: indices of the given integer type into {@code dictionary}. */
  private FieldVector indices(String name, ArrowType.Int type, long id, Integer... indices) {
    Field f = new Field(name, new FieldType(true, type, new DictionaryEncoding(id, false, type)), null);
    FieldVector v = f.createVector(allocator);
    v.setInitialCapacity(Math.max(1, indices.length));
    v.allocateNew();
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] == null) {
        v.setNull(i);
      } else {
        ((BaseIntVector) v).setWithPossibleTruncate(i, indices[i]);
      }
    }
    v.setValueCount(indices.length);
    return v;
  }

  private DictionaryProvider dictionary(long id, String... entries) {
    VarCharVector values = utf8("dict", entries);
    open.add(values);
    DictionaryProvider.MapDictionaryProvider p = new DictionaryProvider.MapDictionaryProvider();
    p.put(new Dictionary(values, new DictionaryEncoding(id, false, new ArrowType.Int(32, true))));
    return p;
  }

  /** The groups as device -> row list, in group order. */
  private static Map<String, List<Integer>> asMap(DeviceGroups g) {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    for (int d = 0; d < g.deviceCount(); d++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = g.start(d); i < g.end(d); i++) {
        rows.add(g.rows()[i]);
      }
      assertEquals(g.rowCount(d), rows.size());
      m.put(g.device(d), rows);
    }
    return m;
  }

  private static Map<String, List<Integer>> reference(String[] devices) {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    for (int r = 0; r < devices.length; r++) {
      m.computeIfAbsent(devices[r], k -> new ArrayList<>()).add(r);
    }
    return m;
  }

  @Test
  void utf8RowsGroupInFirstAppearanceOrderKeepingInputOrderWithinADevice() {
    String[] d = {"root.sg.b", "root.sg.a", "root.sg.b", "root.sg.é", "root.sg.a", "root.sg.b"};
    DeviceGroups g = DeviceGroups.of(root(utf8("device", d)), "device", null);
    assertEquals(3, g.deviceCount());
    assertEquals(reference(d), asMap(g));
    assertEquals(List.of("root.sg.b", "root.sg.a", "root.sg.é"),
        List.of(g.device(0), g.device(1), g.device(2)));
    assertArrayEquals(new int[] {0, 2, 5, 1, 4, 3}, g.rows());
  }

  @Test
  void largeUtf8GroupsTheSame() {
    String[] d = {"x", "y", "x", "", "y", ""};
    DeviceGroups g = DeviceGroups.of(root(largeUtf8("dev", d)), "dev", null);
    assertEquals(reference(d), asMap(g));
  }

  @Test
  void anEmptyBatchHasNoDevices() {
    DeviceGroups g = DeviceGroups.of(root(utf8("device")), "device", null);
    assertEquals(0, g.deviceCount());
    assertEquals(0, g.rows().length);
  }

  @Test
  void dictionaryIndicesOfAnyIntegerWidthGroupAndEqualEntriesMerge() {
    DictionaryProvider dict = dictionary(7, "root.a", "root.b", "root.a", "root.unused");
    for (ArrowType.Int type : List.of(new ArrowType.Int(8, true), new ArrowType.Int(16, false),
        new ArrowType.Int(32, true), new ArrowType.Int(64, true))) {
      FieldVector idx = indices("device", type, 7, 1, 0, 2, 1, 2);
      DeviceGroups g = DeviceGroups.of(root(idx), "device", dict);
      assertEquals(Map.of("root.b", List.of(0, 3), "root.a", List.of(1, 2, 4)), asMap(g), type.toString());
      assertEquals("root.b", g.device(0), "first appearance first");
    }
  }

  @Test
  void aNullDeviceIsRefusedNamingTheColumnAndRow() {
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> DeviceGroups.of(root(utf8("dev", "root.a", "root.b", null, "root.a")), "dev", null));
    assertEquals("dev", e.column());
    assertEquals(2, e.row());
    assertTrue(e.getMessage().contains("device column 'dev' row 2"), e.getMessage());
  }

  @Test
  void aNullDictionaryIndexIsRefusedNamingTheRow() {
    DictionaryProvider dict = dictionary(1, "root.a");
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(
        root(indices("dev", new ArrowType.Int(32, true), 1, 0, 0, 0, null)), "dev", dict));
    assertEquals(3, e.row());
  }

  @Test
  void aNullDictionaryEntryIsRefusedNamingTheFirstRowUsingIt() {
    DictionaryProvider dict = dictionary(1, "root.a", null);
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(
        root(indices("dev", new ArrowType.Int(32, true), 1, 0, 1, 1)), "dev", dict));
    assertEquals(1, e.row());
  }

  @Test
  void anOutOfRangeDictionaryIndexIsRefusedNamingTheRow() {
    DictionaryProvider dict = dictionary(1, "root.a", "root.b");
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(
        root(indices("dev", new ArrowType.Int(32, true), 1, 0, 2)), "dev", dict));
    assertEquals(1, e.row());
    assertTrue(e.getMessage().contains("dictionary index 2"), e.getMessage());
    e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(
        root(indices("dev", new ArrowType.Int(8, true), 1, -1)), "dev", dict));
    assertEquals(0, e.row());
  }

  @Test
  void aDictionaryColumnWithoutItsDictionaryIsRefused() {
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(
        root(indices("dev", new ArrowType.Int(32, true), 3, 0)), "dev", null));
    assertTrue(e.getMessage().contains("no dictionary"), e.getMessage());
  }

  @Test
  void aMissingOrNonStringColumnIsRefusedNamingIt() {
    IntVector ints = new IntVector("n", allocator);
    ints.allocateNew(1);
    ints.set(0, 1);
    ints.setValueCount(1);
    VectorSchemaRoot r = root(ints);
    InvalidBatchException e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(r, "dev", null));
    assertTrue(e.getMessage().contains("'dev'") && e.getMessage().contains("[n]"), e.getMessage());
    e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(r, "n", null));
    assertTrue(e.getMessage().contains("Int(32, true)"), e.getMessage());
    ViewVarCharVector view = new ViewVarCharVector("v", allocator);
    view.allocateNew();
    view.setSafe(0, "root.a".getBytes(StandardCharsets.UTF_8));
    view.setValueCount(1);
    e = assertThrows(InvalidBatchException.class, () -> DeviceGroups.of(root(view), "v", null));
    assertEquals("v", e.column());
  }

  @Test
  void randomBatchesGroupAsAPlainMapDoesInBothEncodings() {
    Random rnd = new Random(11);
    for (int round = 0; round < 30; round++) {
      int deviceCount = 1 + rnd.nextInt(round < 15 ? 20 : 3000);
      String[] names = new String[deviceCount];
      for (int i = 0; i < deviceCount; i++) {
        names[i] = "root.sg" + rnd.nextInt(3) + ".d" + i + (rnd.nextBoolean() ? "中" : "");
      }
      int rows = rnd.nextInt(5000);
      String[] d = new String[rows];
      Integer[] idx = new Integer[rows];
      for (int r = 0; r < rows; r++) {
        idx[r] = rnd.nextInt(deviceCount);
        d[r] = names[idx[r]];
      }
      Map<String, List<Integer>> expected = reference(d);
      assertEquals(expected, asMap(DeviceGroups.of(root(utf8("dev", d)), "dev", null)), "utf8 round " + round);
      DictionaryProvider dict = dictionary(round, names);
      FieldVector indices = indices("dev", new ArrowType.Int(32, true), round, idx);
      assertEquals(expected, asMap(DeviceGroups.of(root(indices), "dev", dict)), "dict round " + round);
    }
  }
}
