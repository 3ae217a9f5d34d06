package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.iotdb.common.rpc.thrift.TEndPoint;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.junit.jupiter.api.Test;

/**
 * {@link DeviceRoutes}: learns from the per-row sub-statuses of a status 400 as a real 1C2D
 * IoTDB 2.0.10 sends them (a redirectNode on the rows another node leads, none on the local ones),
 * ignores everything else, and forgets a failed node's devices.
 */
class DeviceRoutesTest {
  private static final Endpoint A = new Endpoint("127.0.0.1", 6667);
  private static final Endpoint B = new Endpoint("127.0.0.1", 6668);

  /** A 400 whose row i names {@code nodes[i]} (null: answered locally). */
  private static TSStatus hint(Endpoint... nodes) {
    List<TSStatus> subs = new ArrayList<>();
    for (Endpoint e : nodes) {
      TSStatus sub = new TSStatus(200);
      if (e != null) {
        sub.setRedirectNode(new TEndPoint(e.host(), e.port()));
      }
      subs.add(sub);
    }
    TSStatus status = new TSStatus(Statuses.REDIRECTION_RECOMMEND);
    status.setSubStatus(subs);
    return status;
  }

  private static int[] lookup(DeviceRoutes routes, long... hashes) {
    int[] out = new int[hashes.length];
    routes.lookup(hashes, hashes.length, out);
    return out;
  }

  @Test
  void hintedRowsGoToTheNamedNodeAndTheOthersToTheNodeThatAnswered() {
    DeviceRoutes routes = new DeviceRoutes();
    assertTrue(routes.isEmpty());
    long[] hashes = {11, 22, 11};
    assertEquals(2, routes.learn(hint(B, null, B), hashes, null, 3, A));
    assertEquals(2, routes.size(), "rows of one device count once");
    int[] ids = lookup(routes, 11, 22, 33);
    assertEquals(B, routes.endpoint(ids[0]));
    assertEquals(A, routes.endpoint(ids[1]));
    assertEquals(-1, ids[2], "unknown device");
    assertEquals(0, routes.learn(hint(B, null, B), hashes, null, 3, A), "nothing new: nothing changes");
  }

  @Test
  void pickedRowsMapSubStatusesToTheirDevices() {
    DeviceRoutes routes = new DeviceRoutes();
    long[] hashes = {1, 2, 3, 4};
    routes.learn(hint(B, A), hashes, new int[] {3, 1}, 2, A);
    int[] ids = lookup(routes, 4, 2, 1);
    assertEquals(B, routes.endpoint(ids[0]));
    assertEquals(A, routes.endpoint(ids[1]));
    assertEquals(-1, ids[2]);
  }

  @Test
  void onlyA400WithOneSubStatusPerRowTeaches() {
    DeviceRoutes routes = new DeviceRoutes();
    assertEquals(0, routes.learn(new TSStatus(200), new long[] {1}, null, 1, A));
    assertEquals(0, routes.learn(hint(B, B), new long[] {1, 2, 3}, null, 3, A), "sub-status count differs");
    assertEquals(0, routes.learn(hint(new Endpoint("0.0.0.0", 6667)), new long[] {1}, null, 1, A),
        "0.0.0.0 names no reachable node");
    assertTrue(routes.isEmpty());
  }

  @Test
  void forgettingANodeDropsItsDevicesOnly() {
    DeviceRoutes routes = new DeviceRoutes();
    long[] hashes = new long[5000];
    Endpoint[] nodes = new Endpoint[hashes.length];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = i * 0x9E3779B97F4A7C15L + 1;
      nodes[i] = i % 2 == 0 ? B : null;
    }
    assertEquals(5000, routes.learn(hint(nodes), hashes, null, hashes.length, A), "the table grows as needed");
    assertEquals(2500, routes.forget(B));
    assertEquals(2500, routes.size());
    int[] ids = new int[hashes.length];
    routes.lookup(hashes, hashes.length, ids);
    for (int i = 0; i < hashes.length; i++) {
      assertEquals(i % 2 == 0 ? -1 : routes.idOf(A), ids[i], "row " + i);
    }
    assertEquals(0, routes.forget(new Endpoint("127.0.0.1", 1)), "a node no hint named");
    assertArrayEquals(new int[] {-1}, lookup(routes, 42));
  }

  @Test
  void aOneUnitRequestLearnsFromTheStatusOwnRedirectNodeAsATreeInsertTabletIsAnswered() {
    DeviceRoutes routes = new DeviceRoutes();
    TSStatus elsewhere = new TSStatus(200).setRedirectNode(new TEndPoint(B.host(), B.port()));
    assertEquals(1, routes.learn(elsewhere, new long[] {77}, null, 1, A));
    assertEquals(routes.idOf(B), lookup(routes, 77)[0]);
    assertTrue(DeviceRoutes.hintsElsewhere(elsewhere, 1, A));
    assertEquals(false, DeviceRoutes.hintsElsewhere(elsewhere, 1, B), "a hint naming the answering node");
    assertEquals(0, routes.learn(elsewhere, new long[] {88, 99}, null, 2, A),
        "a status's own redirectNode says nothing about each of several units");
    assertEquals(0, routes.learn(new TSStatus(200), new long[] {77}, null, 1, B), "no hint, nothing learned");
    assertEquals(false, DeviceRoutes.hintsElsewhere(hint(null, null), 2, A), "only local units");
  }
}
