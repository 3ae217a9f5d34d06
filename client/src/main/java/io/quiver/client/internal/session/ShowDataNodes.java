package io.quiver.client.internal.session;

import io.quiver.client.DataType;
import io.quiver.client.ProtocolException;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.QueryCursor;
import io.quiver.client.internal.Statuses;
import io.quiver.client.internal.tsblock.DecodedColumn;
import io.quiver.client.internal.tsblock.TsBlockDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;

/**
 * Lists the cluster's DataNodes with {@code SHOW DATANODES}, as the official Java client's node
 * supplier does. IoTDB 2.0.10 answers it the same in the table and the tree dialect (no time
 * column): {@code NodeID} INT32, {@code Status} TEXT ("Running", "Unknown" once a node missed its
 * heartbeats, "Removing", "ReadOnly"), {@code RpcAddress} TEXT, {@code RpcPort} INT32, {@code
 * DataRegionNum} INT32, {@code SchemaRegionNum} INT32. The columns are found by name; a port sent
 * as text is parsed.
 */
public final class ShowDataNodes implements DataNodeLister {
  static final String SQL = "SHOW DATANODES";
  private static final int FETCH_SIZE = 1024;
  /** The statement's time limit on the server; the client waits this + 10 s, or its read timeout if longer. */
  private static final long TIMEOUT_MS = 10_000;

  @Override
  public List<DataNode> list(Link link) {
    TSExecuteStatementResp resp = link.execute(SQL, FETCH_SIZE, TIMEOUT_MS);
    Statuses.check(resp.getStatus(), "list the cluster's DataNodes (" + SQL + ")");
    QueryCursor cursor = new QueryCursor(link, SQL, resp, FETCH_SIZE, TIMEOUT_MS);
    try {
      return read(cursor);
    } finally {
      cursor.close();
    }
  }

  /** The rows of an answer to {@code SHOW DATANODES}. */
  static List<DataNode> read(QueryCursor cursor) {
    int id = column(cursor, "NodeID");
    int status = column(cursor, "Status");
    int address = column(cursor, "RpcAddress");
    int port = column(cursor, "RpcPort");
    List<DataNode> nodes = new ArrayList<>();
    List<ByteBuffer> blocks;
    while ((blocks = cursor.nextBlocks()) != null) {
      for (ByteBuffer raw : blocks) {
        TsBlockDecoder.Block block = TsBlockDecoder.decode(raw.duplicate());
        for (int r = 0; r < block.positionCount(); r++) {
          String host = text(cursor, block, address, r);
          Integer p = number(cursor, block, port, r);
          if (host == null || host.isEmpty() || p == null || p < 1 || p > 65535) {
            continue; // a node without a usable client address
          }
          Integer nodeId = number(cursor, block, id, r);
          nodes.add(new DataNode(nodeId == null ? -1 : nodeId, text(cursor, block, status, r), new Endpoint(host, p)));
        }
      }
    }
    return nodes;
  }

  private static int column(QueryCursor cursor, String name) {
    int i = cursor.columnNames().indexOf(name);
    if (i < 0) {
      throw new ProtocolException("the answer to " + SQL + " has no column " + name + " (it has "
          + cursor.columnNames() + ")", null);
    }
    return i;
  }

  private static String text(QueryCursor cursor, TsBlockDecoder.Block block, int i, int row) {
    DecodedColumn c = block.column(cursor.blockColumn(i));
    if (c.isNull(row)) {
      return null;
    }
    DataType type = cursor.columnTypes().get(i);
    if (type == DataType.INT32) {
      return Integer.toString(c.getInt(row));
    }
    if (type == DataType.INT64) {
      return Long.toString(c.getLong(row));
    }
    return new String(c.binaryData(), c.binaryOffset(row), c.binaryLength(row), StandardCharsets.UTF_8);
  }

  private static Integer number(QueryCursor cursor, TsBlockDecoder.Block block, int i, int row) {
    String s = text(cursor, block, i, row);
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null; // not a number: the row is skipped (or its id unknown)
    }
  }
}
