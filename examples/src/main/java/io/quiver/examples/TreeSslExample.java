package io.quiver.examples;

import io.quiver.arrow.ArrowQuery;
import io.quiver.client.Session;
import io.quiver.client.SessionConfig;
import io.quiver.client.SessionPool;
import io.quiver.client.SessionPoolConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The IoTDB Python docs' SSL example, as written, in Java: a tree-model {@link Session} with
 * {@code use_ssl} and {@code ca_certs} ({@code get_data}), and the same through a {@link
 * SessionPool} with the docs' settings ({@code get_data2}: fetch size 1024, time zone {@code
 * UTC+8}, 3 retries, 5 sessions, 3000 ms wait). Each runs {@code select * from root.eg.etth} into
 * Arrow with the {@code Time} column as Int64 (what {@code todf()} gives) and renames it to
 * {@code date}.
 *
 * <p>Python:
 *
 * <pre>
 * session = Session(ip, port_, username_, password_, use_ssl=use_ssl, ca_certs=ca_certs)
 * session.open(False)
 * result = session.execute_query_statement("select * from root.eg.etth")
 * df = result.todf()
 * df.rename(columns={"Time": "date"}, inplace=True)
 * session.close()
 * </pre>
 *
 * <p>The server's client port must use TLS ({@code enable_thrift_ssl=true}, {@code key_store_path},
 * {@code key_store_pwd}); {@code ca_certs} is a PEM file with the certificate of the CA that signed
 * the server's (for a self-signed one, the certificate itself), which must name the host.
 *
 * <p>Run: {@code java -cp cli/target/quiver-cli.jar io.quiver.examples.TreeSslExample 127.0.0.1 6667
 * /path/server.crt}.
 */
public final class TreeSslExample {
  private TreeSslExample() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: TreeSslExample IP PORT CA_CERTS.pem");
      System.exit(2);
    }
    try (BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator();
        VectorSchemaRoot df = getData(args[0], Integer.parseInt(args[1]), Path.of(args[2]), allocator);
        VectorSchemaRoot df2 = getData2(args[0], Integer.parseInt(args[1]), Path.of(args[2]), allocator)) {
      System.out.print(df.contentToTSVString());
      System.out.println(df2.getRowCount() + " rows through the pool");
    }
  }

  /** {@code get_data()}: one session over TLS; the caller closes the root. */
  public static VectorSchemaRoot getData(String ip, int port, Path caCerts, BufferAllocator allocator) {
    SessionConfig config = SessionConfig.builder()
        .host(ip).port(port).user("root").password("root")
        .useSsl(true)          // use_ssl = True
        .caCerts(caCerts)      // ca_certs = "/path/server.crt"
        .build();
    try (Session session = Session.open(config)) {    // Session(...); session.open(False)
      return query(session, allocator);
    }                                                  // session.close()
  }

  /**
   * What both variants do with their session: {@code execute_query_statement("select * from
   * root.eg.etth")}, {@code todf()} ({@code Time} as Int64), {@code Time} renamed to {@code date}.
   */
  public static VectorSchemaRoot query(Session session, BufferAllocator allocator) {
    VectorSchemaRoot df = ArrowQuery.readAll(session, "select * from root.eg.etth", allocator,
        ArrowQuery.Options.defaults().timeAsInt64());   // result.todf()
    return rename(df, "Time", "date", allocator);     // df.rename(columns={"Time": "date"})
  }

  /** {@code get_data2()}: the same through a session pool with the docs' settings. */
  public static VectorSchemaRoot getData2(String ip, int port, Path caCerts, BufferAllocator allocator) {
    SessionPoolConfig poolConfig = SessionPoolConfig.builder()
        .host(ip).port(port).userName("root").password("root")
        .fetchSize(1024)
        .zoneId("UTC+8")
        .maxRetry(3)
        .useSsl(true).caCerts(caCerts)
        .maxPoolSize(5)        // max_pool_size = 5
        .waitTimeoutMs(3000)   // wait_timeout_in_ms = 3000
        .build();
    try (SessionPool sessionPool = new SessionPool(poolConfig)) {   // session_pool.close() at the end
      Session session = sessionPool.getSession();
      try {
        return query(session, allocator);
      } finally {
        sessionPool.putBack(session);                 // session_pool.put_back(session)
      }
    }
  }

  /**
   * The root with column {@code from} named {@code to}: the vectors' buffers are moved into a new
   * root (no copy), and the old root is closed.
   */
  static VectorSchemaRoot rename(VectorSchemaRoot root, String from, String to, BufferAllocator allocator) {
    try (root) {
      List<FieldVector> moved = new ArrayList<>();
      for (FieldVector v : root.getFieldVectors()) {
        String name = v.getName().equals(from) ? to : v.getName();
        Field field = new Field(name, v.getField().getFieldType(), v.getField().getChildren());
        TransferPair t = v.getTransferPair(field, allocator);
        t.transfer();
        moved.add((FieldVector) t.getTo());
      }
      VectorSchemaRoot renamed = new VectorSchemaRoot(moved);
      renamed.setRowCount(root.getRowCount());
      return renamed;
    }
  }
}
