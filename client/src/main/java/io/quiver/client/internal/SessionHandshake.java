package io.quiver.client.internal;

import io.quiver.client.TableSessionConfig;
import io.quiver.client.TimePrecision;
import java.util.HashMap;
import java.util.Map;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.iotdb.service.rpc.thrift.ServerProperties;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionReq;
import org.apache.iotdb.service.rpc.thrift.TSOpenSessionResp;
import org.apache.iotdb.service.rpc.thrift.TSProtocolVersion;

/**
 * Opening a server session on a fresh channel: {@code openSession} (protocol V3, the time zone,
 * the credentials, the client version, the SQL dialect and the database to start in), then the
 * statement id every statement carries, then the server's properties. What the server reported
 * comes back as one {@link Opened} value.
 */
final class SessionHandshake {
  static final String CLIENT_VERSION = "V_1_0";

  /**
   * The request frame limit assumed when a server does not report its own: IoTDB 2.0.10 defaults
   * to min(64 MiB, DataNode heap / 64), so 16 MiB is safe for any DataNode of 1 GiB heap or more.
   */
  static final int DEFAULT_SERVER_FRAME_LIMIT = 16 * 1024 * 1024;

  private SessionHandshake() {}

  /** What the server reported when the session opened. */
  record Opened(long sessionId, long statementId, TimePrecision precision, int serverMaxFrameSize,
      String serverVersion) { }

  /**
   * Runs the handshake on {@code channel}.
   *
   * @throws io.quiver.client.AuthenticationException if the server refuses the credentials
   * @throws io.quiver.client.StatementException if the server refuses the session otherwise
   * @throws io.quiver.client.ConnectionException if the link fails
   */
  static Opened open(RpcChannel channel, TableSessionConfig config, String database,
      Dialect dialect) {
    IClientRPCService.Client client = channel.client();
    TSOpenSessionReq req = request(config.timeZone().getId(), config.username(),
        config.password(), database, dialect);
    TSOpenSessionResp resp = channel.call("open a session", () -> client.openSession(req));
    Statuses.check(resp.getStatus(), "open a session on " + channel.endpoint() + " as user '"
        + config.username() + "'");
    long sessionId = resp.getSessionId();
    precision(resp); // an unknown precision fails before any further call
    long statementId = channel.call("request a statement id",
        () -> client.requestStatementId(sessionId));
    ServerProperties props = channel.call("read the server's properties", client::getProperties);
    return opened(resp, statementId, props);
  }

  /** The {@code openSession} request. */
  static TSOpenSessionReq request(String zoneId, String user, String password, String database,
      Dialect dialect) {
    TSOpenSessionReq req =
        new TSOpenSessionReq(TSProtocolVersion.IOTDB_SERVICE_PROTOCOL_V3, zoneId, user);
    req.setPassword(password);
    Map<String, String> conf = new HashMap<>();
    conf.put("version", CLIENT_VERSION);
    conf.put("sql_dialect", dialect.wireName());
    if (database != null) {
      conf.put("db", database);
    }
    req.setConfiguration(conf);
    return req;
  }

  /**
   * What the answers say: the session id, the timestamp precision (milliseconds unless the
   * server names another), the frame limit ({@link #DEFAULT_SERVER_FRAME_LIMIT} unless it reports
   * a positive one) and the version ("unknown" unless it reports one).
   */
  static Opened opened(TSOpenSessionResp resp, long statementId, ServerProperties props) {
    int maxFrame = props.isSetThriftMaxFrameSize() && props.getThriftMaxFrameSize() > 0
        ? props.getThriftMaxFrameSize() : DEFAULT_SERVER_FRAME_LIMIT;
    String version = props.isSetVersion() ? props.getVersion() : "unknown";
    return new Opened(resp.getSessionId(), statementId, precision(resp), maxFrame, version);
  }

  private static TimePrecision precision(TSOpenSessionResp resp) {
    if (resp.isSetConfiguration()) {
      String p = resp.getConfiguration().get("timestamp_precision");
      if (p != null) {
        return TimePrecision.fromServerName(p);
      }
    }
    return TimePrecision.MILLISECONDS;
  }
}
