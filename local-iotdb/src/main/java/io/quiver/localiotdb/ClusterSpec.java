package io.quiver.localiotdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a local IoTDB instance looks like: its name (its folder is {@code <quiverHome>/.quiver/<name>/}), its
 * number of DataNodes, its ports, its memory and any extra {@code iotdb-system.properties} entries. Immutable;
 * build one with {@link #builder(String)} or take {@link #forInstance(String)}.
 *
 * <p>Ports: the instance "default" uses IoTDB's standard ports (client port 6667); "it", the integration-test
 * instance, adds 1000 (client port 7667); any other name adds a fixed offset derived from the name (a multiple
 * of 1000 between 2000 and 20000), unless the builder sets one.
 */
public final class ClusterSpec {
  /** The name of the instance the demo and {@code ./quiver server} use unless told otherwise. */
  public static final String DEFAULT_INSTANCE = "default";
  /** The name of the instance the integration tests use. */
  public static final String TEST_INSTANCE = "it";
  /** The only address a local instance listens on. */
  public static final String HOST = "127.0.0.1";
  /** The most DataNodes one local instance may have. */
  public static final int MAX_DATA_NODES = 5;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
  private static final Set<String> RESERVED_NAMES = Set.of("dist");

  private final String name;
  private final int dataNodeCount;
  private final PortLayout ports;
  private final Map<String, String> extraProperties;
  private final int configNodeHeapMb;
  private final int configNodeDirectMb;
  private final int dataNodeHeapMb;
  private final int dataNodeDirectMb;
  private final Duration startTimeout;

  private ClusterSpec(Builder b) {
    this.name = b.name;
    this.dataNodeCount = b.dataNodeCount;
    this.ports = b.ports != null ? b.ports : PortLayout.standardWithOffset(defaultPortOffset(b.name));
    this.extraProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraProperties));
    this.configNodeHeapMb = b.configNodeHeapMb;
    this.configNodeDirectMb = b.configNodeDirectMb;
    this.dataNodeHeapMb = b.dataNodeHeapMb;
    this.dataNodeDirectMb = b.dataNodeDirectMb;
    this.startTimeout = b.startTimeout;
    checkPortsDistinct();
  }

  /** The spec of the "default" instance: one DataNode, standard ports. */
  public static ClusterSpec defaultInstance() {
    return forInstance(DEFAULT_INSTANCE);
  }

  /** The spec of instance {@code name} with every setting at its default. */
  public static ClusterSpec forInstance(String name) {
    return builder(name).build();
  }

  /** A builder for instance {@code name}, every setting at its default. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this spec's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.dataNodeCount = dataNodeCount;
    b.ports = ports;
    b.extraProperties.putAll(extraProperties);
    b.configNodeHeapMb = configNodeHeapMb;
    b.configNodeDirectMb = configNodeDirectMb;
    b.dataNodeHeapMb = dataNodeHeapMb;
    b.dataNodeDirectMb = dataNodeDirectMb;
    b.startTimeout = startTimeout;
    return b;
  }

  /** The port offset an instance gets when its builder sets no ports: 0, 1000 for "it", else 2000..20000. */
  public static int defaultPortOffset(String name) {
    if (DEFAULT_INSTANCE.equals(name)) {
      return 0;
    }
    if (TEST_INSTANCE.equals(name)) {
      return 1000;
    }
    return 1000 * (2 + Math.floorMod(name.hashCode(), 19));
  }

  public String name() {
    return name;
  }

  public int dataNodeCount() {
    return dataNodeCount;
  }

  public PortLayout ports() {
    return ports;
  }

  /** Entries added to (or overriding defaults in) every node's iotdb-system.properties. */
  public Map<String, String> extraProperties() {
    return extraProperties;
  }

  public int configNodeHeapMb() {
    return configNodeHeapMb;
  }

  public int configNodeDirectMb() {
    return configNodeDirectMb;
  }

  public int dataNodeHeapMb() {
    return dataNodeHeapMb;
  }

  public int dataNodeDirectMb() {
    return dataNodeDirectMb;
  }

  /** How long a start may take before it is declared failed. */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** The ConfigNode followed by DataNode 0, 1, ... */
  public List<NodeRef> nodes() {
    List<NodeRef> nodes = new ArrayList<>();
    nodes.add(NodeRef.configNode());
    nodes.addAll(dataNodes());
    return Collections.unmodifiableList(nodes);
  }

  /** DataNode 0, 1, ... */
  public List<NodeRef> dataNodes() {
    List<NodeRef> nodes = new ArrayList<>();
    for (int k = 0; k < dataNodeCount; k++) {
      nodes.add(NodeRef.dataNode(k));
    }
    return Collections.unmodifiableList(nodes);
  }

  /** The client address of DataNode {@code k}, as "127.0.0.1:port". */
  public String rpcEndpoint(int k) {
    checkDataNode(k);
    return HOST + ":" + ports.rpcPort(k);
  }

  /** Throws when this instance has no DataNode {@code k}. */
  public void checkDataNode(int k) {
    if (k < 0 || k >= dataNodeCount) {
      throw new IllegalArgumentException("instance '" + name + "' has DataNodes 0.." + (dataNodeCount - 1)
          + "; there is no DataNode " + k);
    }
  }

  private void checkPortsDistinct() {
    Map<Integer, String> seen = new LinkedHashMap<>();
    for (NodeRef node : nodes()) {
      for (Map.Entry<String, Integer> e : ports.portsOf(node).entrySet()) {
        int port = e.getValue();
        if (port > 65535) {
          throw new IllegalArgumentException(node + " of instance '" + name + "' would use port " + port
              + " (" + e.getKey() + "), above 65535; choose lower ports");
        }
        String owner = node + " " + e.getKey();
        String previous = seen.putIfAbsent(port, owner);
        if (previous != null) {
          throw new IllegalArgumentException("port " + port + " is given twice in instance '" + name + "': "
              + previous + " and " + owner);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ClusterSpec[" + name + ", 1 ConfigNode + " + dataNodeCount + " DataNode(s), client port "
        + ports.dnRpc() + "]";
  }

  /** Builds a {@link ClusterSpec}; every setting has a default that suits a 2-core, 24 GiB machine. */
  public static final class Builder {
    private final String name;
    private int dataNodeCount = 1;
    private PortLayout ports;
    private final Map<String, String> extraProperties = new LinkedHashMap<>();
    private int configNodeHeapMb = 512;
    private int configNodeDirectMb = 256;
    private int dataNodeHeapMb = 2048;
    private int dataNodeDirectMb = 1024;
    private Duration startTimeout = Duration.ofSeconds(120);

    private Builder(String name) {
      this.name = checkName(name);
    }

    /** Number of DataNodes, 1 to {@value ClusterSpec#MAX_DATA_NODES}. */
    public Builder dataNodes(int count) {
      if (count < 1 || count > MAX_DATA_NODES) {
        throw new IllegalArgumentException("a local instance has 1 to " + MAX_DATA_NODES + " DataNodes, not "
            + count);
      }
      this.dataNodeCount = count;
      return this;
    }

    /** Uses the standard ports plus {@code offset}. */
    public Builder portOffset(int offset) {
      this.ports = PortLayout.standardWithOffset(offset);
      return this;
    }

    /** Uses exactly these ports. */
    public Builder ports(PortLayout layout) {
      this.ports = Objects.requireNonNull(layout, "ports");
      return this;
    }

    /**
     * Adds an iotdb-system.properties entry to every node, e.g. {@code dn_rpc_thrift_compression_enable=true},
     * {@code enable_thrift_ssl=true}, {@code key_store_path}, {@code key_store_pwd}, {@code wal_mode}. Ports,
     * addresses and directories are the launcher's and cannot be set here.
     */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (IoTDBSystemProperties.isManagedKey(key)) {
        throw new IllegalArgumentException("'" + key + "' is set by the launcher (ports, addresses and "
            + "directories follow the instance); use ports(...) or portOffset(...) for ports");
      }
      if (key.isBlank() || key.contains("=") || key.contains("\n") || value.contains("\n")) {
        throw new IllegalArgumentException("invalid property " + key + "=" + value);
      }
      extraProperties.put(key.trim(), value);
      return this;
    }

    /** Adds all these entries, see {@link #property(String, String)}. */
    public Builder properties(Map<String, String> entries) {
      entries.forEach(this::property);
      return this;
    }

    /** ConfigNode heap and direct-memory limit, in MiB. */
    public Builder configNodeMemory(int heapMb, int directMb) {
      this.configNodeHeapMb = checkMemory(heapMb, "ConfigNode heap");
      this.configNodeDirectMb = checkMemory(directMb, "ConfigNode direct memory");
      return this;
    }

    /**
     * DataNode heap and direct-memory limit, in MiB. Mind that each data region's WAL buffer
     * ({@code wal_buffer_size_in_byte}) takes direct memory.
     */
    public Builder dataNodeMemory(int heapMb, int directMb) {
      this.dataNodeHeapMb = checkMemory(heapMb, "DataNode heap");
      this.dataNodeDirectMb = checkMemory(directMb, "DataNode direct memory");
      return this;
    }

    /** How long a start may take, in all. */
    public Builder startTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive, got " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    public ClusterSpec build() {
      return new ClusterSpec(this);
    }

    private static int checkMemory(int mb, String what) {
      if (mb < 64 || mb > 1024 * 1024) {
        throw new IllegalArgumentException(what + " must be between 64 MiB and 1 TiB, got " + mb + " MiB");
      }
      return mb;
    }

    private static String checkName(String name) {
      if (name == null || !NAME.matcher(name).matches() || RESERVED_NAMES.contains(name)) {
        throw new IllegalArgumentException("invalid instance name '" + name + "': use 1 to 40 letters, digits,"
            + " '-' or '_', starting with a letter or digit (and not " + new HashSet<>(RESERVED_NAMES) + ")");
      }
      return name;
    }
  }
}
