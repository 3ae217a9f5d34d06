package io.quiver.localiotdb;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Renders the {@code iotdb-system.properties} of one node: loopback addresses, the instance's ports, absolute
 * directories under the node's data folder, optional listeners off, small WAL buffers, then the spec's extra
 * entries (which may override the defaults but not the ports, addresses or directories).
 */
final class IoTDBSystemProperties {
  private static final Set<String> MANAGED_KEYS = Set.of(
      "cluster_name", "cn_seed_config_node", "dn_seed_config_node",
      "cn_internal_address", "dn_rpc_address", "dn_internal_address",
      "cn_internal_port", "cn_consensus_port", "dn_rpc_port", "dn_internal_port", "dn_mpp_data_exchange_port",
      "dn_schema_region_consensus_port", "dn_data_region_consensus_port",
      "cn_system_dir", "cn_consensus_dir", "cn_pipe_receiver_file_dir",
      "dn_system_dir", "dn_data_dirs", "dn_consensus_dir", "dn_wal_dirs", "dn_tracing_dir", "dn_sync_dir",
      "sort_tmp_dir", "dn_pipe_receiver_file_dirs");

  private IoTDBSystemProperties() {
  }

  /** True for keys the launcher owns (ports, addresses, directories, cluster name). */
  public static boolean isManagedKey(String key) {
    return MANAGED_KEYS.contains(key.trim());
  }

  /** The entries of {@code node}'s file, in the order they are written. */
  public static Map<String, String> entries(ClusterSpec spec, InstanceLayout layout, NodeRef node) {
    Map<String, String> p = new LinkedHashMap<>();
    String seed = ClusterSpec.HOST + ":" + spec.ports().cnInternal();
    p.put("cluster_name", "quiver-" + spec.name());
    Path data = layout.dataDir(node);
    if (node.kind() == NodeKind.CONFIG_NODE) {
      p.put("cn_seed_config_node", seed);
      p.put("cn_internal_address", ClusterSpec.HOST);
      p.putAll(asStrings(spec.ports().portsOf(node)));
      p.put("cn_system_dir", dir(data, "system"));
      p.put("cn_consensus_dir", dir(data, "consensus"));
      p.put("cn_pipe_receiver_file_dir", dir(data, "pipe/receiver"));
      p.put("cn_metric_reporter_list", "");
    } else {
      p.put("dn_seed_config_node", seed);
      p.put("dn_rpc_address", ClusterSpec.HOST);
      p.put("dn_internal_address", ClusterSpec.HOST);
      p.putAll(asStrings(spec.ports().portsOf(node)));
      p.put("dn_system_dir", dir(data, "system"));
      p.put("dn_data_dirs", dir(data, "data"));
      p.put("dn_consensus_dir", dir(data, "consensus"));
      p.put("dn_wal_dirs", dir(data, "wal"));
      p.put("dn_tracing_dir", dir(data, "tracing"));
      p.put("dn_sync_dir", dir(data, "sync"));
      p.put("sort_tmp_dir", dir(data, "tmp"));
      p.put("dn_pipe_receiver_file_dirs", dir(data, "pipe/receiver"));
      p.put("dn_metric_reporter_list", "");
      p.put("enable_rest_service", "false");
      p.put("enable_mqtt_service", "false");
      p.put("wal_buffer_size_in_byte", "16777216");
    }
    p.put("schema_replication_factor", "1");
    p.put("data_replication_factor", "1");
    p.putAll(spec.extraProperties());
    return p;
  }

  /** The text of {@code node}'s iotdb-system.properties. */
  public static String render(ClusterSpec spec, InstanceLayout layout, NodeRef node) {
    StringBuilder text = new StringBuilder();
    text.append("# Written by Quiver for ").append(node).append(" of instance '").append(spec.name())
        .append("'; rewritten at every start, so edit the ClusterSpec instead.\n");
    for (Map.Entry<String, String> e : entries(spec, layout, node).entrySet()) {
      text.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
    }
    return text.toString();
  }

  private static Map<String, String> asStrings(Map<String, Integer> ports) {
    Map<String, String> out = new LinkedHashMap<>();
    ports.forEach((k, v) -> out.put(k, Integer.toString(v)));
    return out;
  }

  private static String dir(Path data, String sub) {
    return data.resolve(sub).toAbsolutePath().normalize().toString();
  }

  /** Backslashes are escapes in a properties file; double them so Windows paths survive. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }
}
