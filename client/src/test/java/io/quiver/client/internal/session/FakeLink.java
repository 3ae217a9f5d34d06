package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.Identifiers;
import io.quiver.client.internal.Replayer;
import io.quiver.client.internal.ReplayWindow;
import io.quiver.client.internal.Statuses;
import io.quiver.client.internal.TransientStatuses;
import io.quiver.client.spi.InsertBatch;
import java.util.ArrayDeque;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;
import org.apache.iotdb.service.rpc.thrift.TSFetchResultsResp;

/**
 * A link of a {@link FakeNetwork}: answers as the network's script says, keeps acknowledged
 * inserts in a real {@link ReplayWindow} (a few placeholder bytes per request) and lets them
 * leave on later answers, as the real connection does, with the network's fake clock.
 */
public final class FakeLink implements Link {
  private final FakeNetwork net;
  private final Endpoint endpoint;
  private String database;
  private ReplayWindow window;
  private boolean broken;
  private boolean closed;
  /** When the network pipelines: requests sent without an answer yet, and those set aside to retry. */
  private final ArrayDeque<InsertBatch> unanswered = new ArrayDeque<>();
  private final ArrayDeque<InsertBatch> setAside = new ArrayDeque<>();

  FakeLink(FakeNetwork net, Endpoint endpoint, String database, ReplayWindow window) {
    this.net = net;
    this.endpoint = endpoint;
    this.database = database;
    this.window = window;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.MILLISECONDS;
  }

  @Override
  public String serverVersion() {
    return "fake";
  }

  @Override
  public int serverMaxFrameSize() {
    return net.serverMaxFrameSize;
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public boolean isBroken() {
    return broken || closed;
  }

  /** Runs one round trip: fails (breaking the link) when the node is down; frames outlived leave. */
  private void roundTrip(String what) {
    if (isBroken()) {
      throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint + " is broken",
          null);
    }
    long sentAt = net.clock.nanoTime();
    if (net.down.contains(endpoint)) {
      broken = true;
      throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint
          + " failed while trying to " + what + ": Connection reset", null);
    }
    if (window != null) {
      window.expire(sentAt);
    }
  }

  @Override
  public void ping() {
    roundTrip("test the connection");
    net.log.add("ping " + endpoint);
  }

  @Override
  public void ping(int timeoutMillis) {
    ping();
  }

  @Override
  public TSExecuteStatementResp execute(String sql, int fetchSize, long timeoutMs) {
    roundTrip("execute a statement");
    net.log.add("execute " + endpoint + " " + sql);
    TSExecuteStatementResp resp = new TSExecuteStatementResp(new TSStatus(Statuses.SUCCESS));
    if (sql.startsWith("USE ")) {
      database = sql.substring(5, sql.length() - 1);
      resp.setDatabase(database);
    }
    return resp;
  }

  @Override
  public TSFetchResultsResp fetch(String sql, long queryId, int fetchSize, long timeoutMs) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public TSStatus closeQuery(long queryId) {
    roundTrip("close a query");
    return new TSStatus(Statuses.SUCCESS);
  }

  @Override
  public TSStatus insert(InsertBatch batch) {
    if (needsReplay()) {
      throw new AssertionError("insert before the window was replayed");
    }
    Integer failures = net.insertFailures.get(endpoint);
    if (failures != null && failures > 0 && !isBroken()) {
      net.insertFailures.put(endpoint, failures - 1);
      broken = true;
      net.log.add("lost insert " + endpoint + " " + batch.rowCount());
      throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint
          + " failed while trying to insert: Connection reset", null);
    }
    roundTrip("insert");
    net.log.add("insert " + endpoint + " " + batch.tableName() + " " + batch.rowCount());
    TSStatus status = net.answer.apply(endpoint, batch);
    if (window != null && Statuses.isSuccess(status)) {
      window.add(new byte[8], 0, 8, batch.rowCount(), batch.tableName(), database, net.clock.nanoTime());
    }
    return status;
  }

  /**
   * The split insert: the request reaches the node now (logged {@code send}), its answer is read
   * by {@link PendingInsert#await} (logged {@code insert}, as {@link #insert} logs it), where a
   * scripted lost answer ({@link FakeNetwork#loseAnswers}) breaks the link.
   */
  @Override
  public PendingInsert sendInsert(InsertBatch batch) {
    return send(batch, false);
  }

  /**
   * A pipelined insert: as {@link #sendInsert}, but the link keeps track of it until its answer, as
   * a pipelining connection does: refused with a transient status, or never answered, it joins the
   * window to be replayed.
   */
  @Override
  public PendingInsert sendPipelined(InsertBatch batch) {
    return send(batch, true);
  }

  private PendingInsert send(InsertBatch batch, boolean pipelined) {
    if (needsReplay()) {
      throw new AssertionError("insert before the window was replayed");
    }
    Integer failures = net.insertFailures.get(endpoint);
    if (failures != null && failures > 0 && !isBroken()) {
      net.insertFailures.put(endpoint, failures - 1);
      broken = true;
      net.log.add("lost insert " + endpoint + " " + batch.rowCount());
      throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint
          + " failed while trying to insert: Connection reset", null);
    }
    roundTrip("insert");
    net.log.add("send " + endpoint + " " + batch.tableName() + " " + batch.rowCount());
    if (pipelined) {
      unanswered.add(batch);
    }
    return () -> {
      if (isBroken()) {
        throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint + " is broken",
            null);
      }
      Integer lost = net.answerLosses.get(endpoint);
      if (lost != null && lost > 0) {
        net.answerLosses.put(endpoint, lost - 1);
        broken = true;
        net.log.add("lost answer " + endpoint + " " + batch.rowCount());
        throw new ConnectionException(endpoint.toString(), "the connection to IoTDB at " + endpoint
            + " failed while trying to insert: no answer within 1000 ms (readTimeout)", null);
      }
      net.log.add("insert " + endpoint + " " + batch.tableName() + " " + batch.rowCount());
      TSStatus status = net.answer.apply(endpoint, batch);
      if (window != null && Statuses.isSuccess(status)) {
        window.add(new byte[8], 0, 8, batch.rowCount(), batch.tableName(), database, net.clock.nanoTime());
      }
      if (pipelined) {
        unanswered.poll();
        if (!Statuses.isSuccess(status) && TransientStatuses.isTransient(status) && window != null) {
          setAside.add(batch);
        }
        if (unanswered.isEmpty()) {
          moveToWindow(setAside);
        }
      }
      return status;
    };
  }

  private void moveToWindow(ArrayDeque<InsertBatch> frames) {
    while (!frames.isEmpty()) {
      InsertBatch b = frames.poll();
      window.addToReplay(new byte[8], 0, 8, b.rowCount(), b.tableName(), database, net.clock.nanoTime());
    }
  }

  @Override
  public boolean hasInFlight() {
    return !unanswered.isEmpty() || !setAside.isEmpty();
  }

  @Override
  public boolean holdsFrames() {
    return hasInFlight() || Link.super.holdsFrames();
  }

  @Override
  public void encodeOnly(InsertBatch batch) {
    net.log.add("encode " + batch.rowCount());
  }

  @Override
  public ReplayWindow window() {
    return window;
  }

  @Override
  public void adoptWindow(ReplayWindow predecessor) {
    if (predecessor != null) {
      window = predecessor;
      window.markAllUnconfirmed();
    }
  }

  @Override
  public ReplayWindow detachWindow() {
    moveToWindow(setAside);
    moveToWindow(unanswered);
    ReplayWindow w = window;
    window = null;
    return w;
  }

  @Override
  public void absorbWindow(ReplayWindow given, Endpoint from) {
    if (given == null || given.frames() == 0) {
      return;
    }
    if (window == null) {
      window = new ReplayWindow(given.windowNanos(), given.maxBytes());
    }
    window.absorb(given);
  }

  @Override
  public void replay() {
    if (!needsReplay()) {
      return;
    }
    // The real replay protocol, over this fake's round trips.
    Replayer.replay(window, new Replayer.Target() {
      @Override
      public Endpoint endpoint() {
        return endpoint;
      }

      @Override
      public String database() {
        return database;
      }

      @Override
      public TSStatus use(String db) {
        return execute(Identifiers.use(db), 1, 0).getStatus();
      }

      @Override
      public TSStatus resend(ReplayWindow w) {
        roundTrip("replay");
        net.log.add("replay " + endpoint + " " + w.nextTable() + " " + w.nextRows());
        return net.replayAnswer.apply(endpoint, w.nextTable());
      }
    }, net.clock::nanoTime);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      net.log.add("close " + endpoint);
    }
  }
}
