package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {

  @Test
  void defaultInstanceUsesIoTDBsStandardPorts() {
    ClusterSpec spec = ClusterSpec.defaultInstance();
    assertEquals(PortLayout.STANDARD, spec.ports());
    assertEquals("127.0.0.1:6667", spec.rpcEndpoint(0));
    assertEquals(Map.of("cn_internal_port", 10710, "cn_consensus_port", 10720),
        spec.ports().portsOf(NodeRef.configNode()));
    assertEquals(List.of(6667, 10730, 10740, 10750, 10760),
        List.copyOf(spec.ports().portsOf(NodeRef.dataNode(0)).values()));
  }

  @Test
  void testInstanceShiftsEveryPortByAThousand() {
    ClusterSpec spec = ClusterSpec.forInstance("it");
    assertEquals("127.0.0.1:7667", spec.rpcEndpoint(0));
    assertEquals(11710, spec.ports().cnInternal());
    assertEquals(11720, spec.ports().cnConsensus());
    assertEquals(List.of(7667, 11730, 11740, 11750, 11760),
        List.copyOf(spec.ports().portsOf(NodeRef.dataNode(0)).values()));
  }

  @Test
  void dataNodeKAddsAHundredTimesKToTheDataNodePorts() {
    ClusterSpec spec = ClusterSpec.builder("default").dataNodes(3).build();
    assertEquals(List.of(6867, 10930, 10940, 10950, 10960),
        List.copyOf(spec.ports().portsOf(NodeRef.dataNode(2)).values()));
    assertEquals(List.of("127.0.0.1:6667", "127.0.0.1:6767", "127.0.0.1:6867"),
        List.of(spec.rpcEndpoint(0), spec.rpcEndpoint(1), spec.rpcEndpoint(2)));
    assertEquals(10710, spec.ports().readinessPort(NodeRef.configNode()));
    assertEquals(6767, spec.ports().readinessPort(NodeRef.dataNode(1)));
  }

  @Test
  void otherInstancesGetAStableOffsetClearOfDefaultAndIt() {
    int offset = ClusterSpec.defaultPortOffset("bench");
    assertEquals(offset, ClusterSpec.defaultPortOffset("bench"));
    assertTrue(offset >= 2000 && offset <= 20000 && offset % 1000 == 0, "offset " + offset);
    assertNotEquals(0, offset);
    assertEquals(6667 + offset, ClusterSpec.forInstance("bench").ports().dnRpc());
  }

  @Test
  void nodesAreTheConfigNodeThenEachDataNode() {
    ClusterSpec spec = ClusterSpec.builder("pair").dataNodes(2).build();
    assertEquals(List.of(NodeRef.configNode(), NodeRef.dataNode(0), NodeRef.dataNode(1)), spec.nodes());
    assertEquals("datanode-1", NodeRef.dataNode(1).folderName());
    assertEquals("confignode", NodeRef.configNode().folderName());
  }

  @Test
  void refusesNamesThatAreNotPlainFolderNames() {
    for (String bad : List.of("", "../x", "a/b", "dist", ".hidden", "with space")) {
      assertThrows(IllegalArgumentException.class, () -> ClusterSpec.builder(bad), bad);
    }
  }

  @Test
  void refusesDataNodeCountsOutsideOneToFive() {
    assertThrows(IllegalArgumentException.class, () -> ClusterSpec.builder("x").dataNodes(0));
    assertThrows(IllegalArgumentException.class, () -> ClusterSpec.builder("x").dataNodes(6));
  }

  @Test
  void refusesPortLayoutsWhereTwoNodesShareAPort() {
    PortLayout clash = new PortLayout(6767, 10720, 6667, 10730, 10740, 10750, 10760);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.builder("x").dataNodes(2).ports(clash).build());
    assertTrue(e.getMessage().contains("6767"), e.getMessage());
  }

  @Test
  void askingForAMissingDataNodeNamesTheOnesThatExist() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.defaultInstance().rpcEndpoint(1));
    assertTrue(e.getMessage().contains("DataNodes 0..0"), e.getMessage());
  }

  @Test
  void memoryDefaultsFitATwoCoreMachine() {
    ClusterSpec spec = ClusterSpec.defaultInstance();
    assertEquals(512, spec.configNodeHeapMb());
    assertEquals(256, spec.configNodeDirectMb());
    assertEquals(2048, spec.dataNodeHeapMb());
    assertEquals(1024, spec.dataNodeDirectMb());
    assertEquals(120, spec.startTimeout().toSeconds());
  }
}
