package io.quiver.localiotdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP ports of a local cluster, all on 127.0.0.1. DataNode 0 uses the DataNode ports as given; DataNode
 * {@code k} adds {@code 100 * k} to each of them, so a cluster of several DataNodes needs no more settings.
 *
 * @param cnInternal {@code cn_internal_port}, where DataNodes and tools reach the ConfigNode
 * @param cnConsensus {@code cn_consensus_port}
 * @param dnRpc {@code dn_rpc_port}, the client port of DataNode 0
 * @param dnInternal {@code dn_internal_port}
 * @param dnMppDataExchange {@code dn_mpp_data_exchange_port}
 * @param dnSchemaRegionConsensus {@code dn_schema_region_consensus_port}
 * @param dnDataRegionConsensus {@code dn_data_region_consensus_port}
 */
public record PortLayout(
    int cnInternal,
    int cnConsensus,
    int dnRpc,
    int dnInternal,
    int dnMppDataExchange,
    int dnSchemaRegionConsensus,
    int dnDataRegionConsensus) {

  /** The port distance between DataNode k and DataNode k+1. */
  public static final int DATA_NODE_STRIDE = 100;

  /** The ports IoTDB uses out of the box (client port 6667). */
  public static final PortLayout STANDARD = new PortLayout(10710, 10720, 6667, 10730, 10740, 10750, 10760);

  public PortLayout {
    for (int port : new int[] {cnInternal, cnConsensus, dnRpc, dnInternal, dnMppDataExchange,
        dnSchemaRegionConsensus, dnDataRegionConsensus}) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is outside 1..65535");
      }
    }
  }

  /** The standard layout with {@code offset} added to every port (offset 1000 gives client port 7667). */
  public static PortLayout standardWithOffset(int offset) {
    return STANDARD.withOffset(offset);
  }

  /** This layout with {@code offset} added to every port. */
  public PortLayout withOffset(int offset) {
    return new PortLayout(cnInternal + offset, cnConsensus + offset, dnRpc + offset, dnInternal + offset,
        dnMppDataExchange + offset, dnSchemaRegionConsensus + offset, dnDataRegionConsensus + offset);
  }

  /** The client (RPC) port of DataNode {@code k}. */
  public int rpcPort(int k) {
    return dnRpc + shift(k);
  }

  /** The ports a node listens on, keyed by their iotdb-system.properties key, in a stable order. */
  public Map<String, Integer> portsOf(NodeRef node) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (node.kind() == NodeKind.CONFIG_NODE) {
      ports.put("cn_internal_port", cnInternal);
      ports.put("cn_consensus_port", cnConsensus);
    } else {
      int shift = shift(node.index());
      ports.put("dn_rpc_port", dnRpc + shift);
      ports.put("dn_internal_port", dnInternal + shift);
      ports.put("dn_mpp_data_exchange_port", dnMppDataExchange + shift);
      ports.put("dn_schema_region_consensus_port", dnSchemaRegionConsensus + shift);
      ports.put("dn_data_region_consensus_port", dnDataRegionConsensus + shift);
    }
    return Collections.unmodifiableMap(ports);
  }

  /** The port that answers once the node is up: cn_internal_port or the DataNode's client port. */
  public int readinessPort(NodeRef node) {
    return node.kind() == NodeKind.CONFIG_NODE ? cnInternal : rpcPort(node.index());
  }

  private static int shift(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("DataNode index must be >= 0, got " + k);
    }
    return DATA_NODE_STRIDE * k;
  }
}
