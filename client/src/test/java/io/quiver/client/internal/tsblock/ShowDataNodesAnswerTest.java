package io.quiver.client.internal.tsblock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ProtocolException;
import io.quiver.client.StatementException;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.session.DataNodeLister.DataNode;
import io.quiver.client.internal.session.Link;
import io.quiver.client.internal.session.ShowDataNodes;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.junit.jupiter.api.Test;

/**
 * {@link ShowDataNodes} reads the answer IoTDB 2.0.10 gives to {@code SHOW DATANODES} (the same in
 * both dialects): here written as TsBlocks by the tests' own writer (this package's), over a link
 * that answers one statement.
 */
class ShowDataNodesAnswerTest {
  private final List<String> sent = new ArrayList<>();

  /** A link whose every statement gets {@code resp}; it records the SQL. */
  private Link answering(TSExecuteStatementResp resp) {
    return (Link) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Link.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "execute" -> {
            sent.add((String) args[0]);
            yield resp;
          }
          case "timeColumnFirst", "isBroken" -> false;
          case "closeQuery" -> new TSStatus(200);
          case "endpoint" -> new Endpoint("127.0.0.1", 6667);
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  /** The answer's shape as the server sent it: six columns, each in its own TsBlock column. */
  private static TSExecuteStatementResp answer(ByteBuffer block) {
    TSExecuteStatementResp resp = new TSExecuteStatementResp(new TSStatus(200));
    resp.setColumns(List.of("NodeID", "Status", "RpcAddress", "RpcPort", "DataRegionNum", "SchemaRegionNum"));
    resp.setDataTypeList(List.of("INT32", "TEXT", "TEXT", "INT32", "INT32", "INT32"));
    resp.setColumnIndex2TsBlockColumnIndexList(List.of(0, 1, 2, 3, 4, 5));
    resp.setQueryResult(List.of(block));
    resp.setMoreData(false);
    resp.setIgnoreTimeStamp(true);
    return resp;
  }

  @Test
  void readsEachNodesIdStatusAndClientAddress() {
    ByteBuffer block = new TsBlockBytes(3)
        .ints(false, 1, 2, 3)
        .texts("Running", "Unknown", "Removing")
        .texts("127.0.0.1", "10.0.0.2", "10.0.0.3")
        .ints(false, 18667, 18767, 6667)
        .ints(false, 1, 1, 0)
        .ints(false, 1, 0, 0)
        .build();
    List<DataNode> nodes = new ShowDataNodes().list(answering(answer(block)));
    assertEquals(List.of("SHOW DATANODES"), sent);
    assertEquals(List.of(
        new DataNode(1, "Running", new Endpoint("127.0.0.1", 18667)),
        new DataNode(2, "Unknown", new Endpoint("10.0.0.2", 18767)),
        new DataNode(3, "Removing", new Endpoint("10.0.0.3", 6667))), nodes);
  }

  @Test
  void aRowWithoutAnAddressOrPortIsLeftOut() {
    ByteBuffer block = new TsBlockBytes(3)
        .ints(false, 1, 2, 3)
        .texts("Running", "Running", "Running")
        .texts("127.0.0.1", null, "127.0.0.1")
        .ints(false, 18667, 18767, null)
        .ints(false, 0, 0, 0)
        .ints(false, 0, 0, 0)
        .build();
    List<DataNode> nodes = new ShowDataNodes().list(answering(answer(block)));
    assertEquals(List.of(new DataNode(1, "Running", new Endpoint("127.0.0.1", 18667))), nodes);
  }

  @Test
  void aPortSentAsTextIsParsed() {
    TSExecuteStatementResp resp = answer(new TsBlockBytes(1)
        .ints(false, 7).texts("Running").texts("node7").texts("6667").ints(false, 0).ints(false, 0).build());
    resp.setDataTypeList(List.of("INT32", "TEXT", "TEXT", "TEXT", "INT32", "INT32"));
    assertEquals(List.of(new DataNode(7, "Running", new Endpoint("node7", 6667))),
        new ShowDataNodes().list(answering(resp)));
  }

  @Test
  void anAnswerWithoutTheAddressColumnsIsAProtocolError() {
    TSExecuteStatementResp resp = answer(new TsBlockBytes(1).ints(false, 1).texts("Running").build());
    resp.setColumns(List.of("NodeID", "Status"));
    resp.setDataTypeList(List.of("INT32", "TEXT"));
    resp.setColumnIndex2TsBlockColumnIndexList(List.of(0, 1));
    ProtocolException e = assertThrows(ProtocolException.class, () -> new ShowDataNodes().list(answering(resp)));
    assertTrue(e.getMessage().contains("RpcAddress"), e.getMessage());
  }

  @Test
  void aRefusedStatementThrowsTheServersStatus() {
    TSExecuteStatementResp resp = new TSExecuteStatementResp(new TSStatus(803).setMessage("No permissions"));
    StatementException e = assertThrows(StatementException.class, () -> new ShowDataNodes().list(answering(resp)));
    assertEquals(803, e.statusCode());
  }
}
