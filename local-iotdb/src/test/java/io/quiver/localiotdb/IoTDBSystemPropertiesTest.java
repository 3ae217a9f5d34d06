package io.quiver.localiotdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IoTDBSystemPropertiesTest {
  private static final Path HOME = Path.of("/tmp/quiver-home");
  private final InstanceLayout layout = new InstanceLayout(HOME, "default");

  @Test
  void dataNodeListensOnLoopbackWithStandardPortsAndFindsTheConfigNode() {
    Map<String, String> p = IoTDBSystemProperties.entries(ClusterSpec.defaultInstance(), layout, NodeRef.dataNode(0));
    assertEquals("127.0.0.1", p.get("dn_rpc_address"));
    assertEquals("127.0.0.1", p.get("dn_internal_address"));
    assertEquals("127.0.0.1:10710", p.get("dn_seed_config_node"));
    assertEquals("6667", p.get("dn_rpc_port"));
    assertEquals("10730", p.get("dn_internal_port"));
    assertEquals("10740", p.get("dn_mpp_data_exchange_port"));
    assertEquals("10750", p.get("dn_schema_region_consensus_port"));
    assertEquals("10760", p.get("dn_data_region_consensus_port"));
    assertEquals("1", p.get("data_replication_factor"));
    assertEquals("1", p.get("schema_replication_factor"));
    assertFalse(p.containsKey("cn_internal_port"), "a DataNode file holds DataNode keys only");
  }

  @Test
  void configNodeListensOnLoopbackWithStandardPorts() {
    Map<String, String> p = IoTDBSystemProperties.entries(ClusterSpec.defaultInstance(), layout, NodeRef.configNode());
    assertEquals("127.0.0.1", p.get("cn_internal_address"));
    assertEquals("127.0.0.1:10710", p.get("cn_seed_config_node"));
    assertEquals("10710", p.get("cn_internal_port"));
    assertEquals("10720", p.get("cn_consensus_port"));
    assertEquals("", p.get("cn_metric_reporter_list"));
    assertEquals(p.get("cluster_name"),
        IoTDBSystemProperties.entries(ClusterSpec.defaultInstance(), layout, NodeRef.dataNode(0)).get("cluster_name"));
  }

  @Test
  void everyDirectoryIsAbsoluteAndInsideTheNodesDataFolder() {
    for (NodeRef node : ClusterSpec.defaultInstance().nodes()) {
      Path data = HOME.resolve(".quiver/default").resolve(node.folderName()).resolve("data");
      IoTDBSystemProperties.entries(ClusterSpec.defaultInstance(), layout, node).forEach((key, value) -> {
        if (key.endsWith("_dir") || key.endsWith("_dirs")) {
          Path dir = Path.of(value);
          assertTrue(dir.isAbsolute(), key + " is absolute");
          assertTrue(dir.startsWith(data), key + "=" + value + " lies under " + data);
        }
      });
    }
  }

  @Test
  void optionalListenersAreOffAndTheWalBufferIsSixteenMegabytes() {
    Map<String, String> p = IoTDBSystemProperties.entries(ClusterSpec.defaultInstance(), layout, NodeRef.dataNode(0));
    assertEquals("", p.get("dn_metric_reporter_list"));
    assertEquals("false", p.get("enable_rest_service"));
    assertEquals("false", p.get("enable_mqtt_service"));
    assertEquals("16777216", p.get("wal_buffer_size_in_byte"));
  }

  @Test
  void extraPropertiesAreAddedAndOverrideDefaults() {
    ClusterSpec spec = ClusterSpec.builder("tls")
        .property("enable_thrift_ssl", "true")
        .property("key_store_path", "/keys/server.p12")
        .property("key_store_pwd", "secret")
        .property("dn_rpc_thrift_compression_enable", "true")
        .property("wal_mode", "SYNC")
        .property("wal_buffer_size_in_byte", "8388608")
        .build();
    String text = IoTDBSystemProperties.render(spec, new InstanceLayout(HOME, "tls"), NodeRef.dataNode(0));
    assertTrue(text.contains("\nenable_thrift_ssl=true\n"));
    assertTrue(text.contains("\nkey_store_path=/keys/server.p12\n"));
    assertTrue(text.contains("\nkey_store_pwd=secret\n"));
    assertTrue(text.contains("\ndn_rpc_thrift_compression_enable=true\n"));
    assertTrue(text.contains("\nwal_mode=SYNC\n"));
    assertTrue(text.contains("\nwal_buffer_size_in_byte=8388608\n"));
    assertFalse(text.contains("wal_buffer_size_in_byte=16777216"), "an override replaces the default");
  }

  @Test
  void portsAddressesAndDirectoriesCannotBeSetAsExtraProperties() {
    ClusterSpec.Builder builder = ClusterSpec.builder("x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder.property("dn_rpc_port", "1234"));
    assertTrue(e.getMessage().contains("portOffset"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> builder.property("dn_data_dirs", "/elsewhere"));
    assertThrows(IllegalArgumentException.class, () -> builder.property("dn_rpc_address", "0.0.0.0"));
  }

  @Test
  void secondDataNodeHasItsOwnPortsAndFolders() {
    ClusterSpec spec = ClusterSpec.builder("pair").dataNodes(2).portOffset(1000).build();
    InstanceLayout pair = new InstanceLayout(HOME, "pair");
    Map<String, String> p = IoTDBSystemProperties.entries(spec, pair, NodeRef.dataNode(1));
    assertEquals("7767", p.get("dn_rpc_port"));
    assertEquals("11830", p.get("dn_internal_port"));
    assertEquals("11860", p.get("dn_data_region_consensus_port"));
    assertEquals("127.0.0.1:11710", p.get("dn_seed_config_node"));
    assertTrue(p.get("dn_data_dirs").contains("datanode-1"), p.get("dn_data_dirs"));
  }

  @Test
  void backslashesInValuesAreEscaped() {
    ClusterSpec spec = ClusterSpec.builder("win").property("key_store_path", "C:\\keys\\a.p12").build();
    String text = IoTDBSystemProperties.render(spec, new InstanceLayout(HOME, "win"), NodeRef.dataNode(0));
    assertTrue(text.contains("key_store_path=C:\\\\keys\\\\a.p12\n"), text);
  }
}
