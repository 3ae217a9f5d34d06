package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quiver.client.TimePrecision;
import java.util.Map;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.ServerProperties;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionHandshake}: the open request names the protocol, client version, dialect and
 * database; what the server answers becomes the session's precision, frame limit and version, with
 * the defaults when it says nothing.
 */
class SessionHandshakeTest {
  @Test
  void theOpenRequestNamesTheDialectTheVersionAndTheDatabase() {
    TSOpenSessionReq req = SessionHandshake.request("Asia/Shanghai", "u", "p", "db1", Dialect.TREE);
    assertEquals(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, req.getClient_protocol());
    assertEquals("Asia/Shanghai", req.getZoneId());
    assertEquals("u", req.getUsername());
    assertEquals("p", req.getPassword());
    assertEquals(Map.of("version", "V_1_0", "sql_dialect", "tree", "db", "db1"), req.getConfiguration());
    assertFalse(SessionHandshake.request("UTC", "u", "p", null, Dialect.TABLE).getConfiguration().containsKey("db"));
  }

  @Test
  void theServersAnswersBecomeTheSessionsFacts() {
    TSOpenSessionResp resp = new TSOpenSessionResp(new TSStatus(200), TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3);
    resp.setSessionId(42);
    resp.setConfiguration(Map.of("timestamp_precision", "us"));
    ServerProperties props = new ServerProperties();
    props.setVersion("2.0.10");
    props.setThriftMaxFrameSize(32 << 20);
    SessionHandshake.Opened o = SessionHandshake.opened(resp, 7, props);
    assertEquals(new SessionHandshake.Opened(42, 7, TimePrecision.MICROSECONDS, 32 << 20, "2.0.10"), o);
  }

  @Test
  void aServerThatSaysNothingGetsTheDefaults() {
    TSOpenSessionResp resp = new TSOpenSessionResp(new TSStatus(200), TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3);
    ServerProperties props = new ServerProperties();
    props.setThriftMaxFrameSize(0);
    SessionHandshake.Opened o = SessionHandshake.opened(resp, 1, props);
    assertEquals(TimePrecision.MILLISECONDS, o.precision());
    assertEquals(SessionHandshake.DEFAULT_SERVER_FRAME_LIMIT, o.serverMaxFrameSize());
    assertEquals("unknown", o.serverVersion());
  }
}
