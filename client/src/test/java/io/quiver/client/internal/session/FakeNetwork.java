package io.quiver.client.internal.session;

import io.quiver.client.ConnectionException;
import io.quiver.client.internal.Endpoint;
import io.quiver.client.internal.ReplayWindow;
import io.quiver.client.internal.Statuses;
import io.quiver.client.spi.InsertBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.iotdb.common.rpc.thrift.TSStatus;

/**
 * A scripted cluster for unit tests, and the {@link LinkFactory} of its {@link FakeLink}s: nodes
 * can be down (connects and calls to them fail), inserts can be made to fail, and answers can carry
 * redirection hints. Everything that reached a node is logged in order in {@link #log}.
 */
public final class FakeNetwork implements LinkFactory {
  public final FakeClock clock;
  public final List<String> log = new ArrayList<>();
  public final List<FakeLink> opened = new ArrayList<>();
  final Set<Endpoint> down = new HashSet<>();
  /** Inserts into each node still to fail, breaking the link (a crash mid-request). */
  final Map<Endpoint, Integer> insertFailures = new HashMap<>();
  /** Answers of split inserts to each node still to be lost, breaking the link (a node that dies working). */
  final Map<Endpoint, Integer> answerLosses = new HashMap<>();
  /** The answer to an acknowledged insert, given the node and the batch (default: plain 200). */
  BiFunction<Endpoint, InsertBatch, TSStatus> answer = (node, batch) -> new TSStatus(Statuses.SUCCESS);
  /** The answer to a replayed request, given the node and the table (default: plain 200). */
  BiFunction<Endpoint, String, TSStatus> replayAnswer = (node, table) -> new TSStatus(Statuses.SUCCESS);
  int serverMaxFrameSize = 16 * 1024 * 1024;
  long windowNanos;

  /** A network whose links keep a replay window of {@code windowMillis} (0: none). */
  public FakeNetwork(FakeClock clock, long windowMillis) {
    this.clock = clock;
    this.windowNanos = windowMillis * 1_000_000L;
  }

  public void down(Endpoint node) {
    down.add(node);
  }

  public void up(Endpoint node) {
    down.remove(node);
  }

  /** The next {@code n} inserts sent to {@code node} fail as if it crashed mid-request. */
  public void failInserts(Endpoint node, int n) {
    insertFailures.put(node, n);
  }

  /** The answers of the next {@code n} split inserts ({@link Link#sendInsert}) to {@code node} are lost. */
  public void loseAnswers(Endpoint node, int n) {
    answerLosses.put(node, n);
  }

  public void answer(BiFunction<Endpoint, InsertBatch, TSStatus> answer) {
    this.answer = answer;
  }

  public void replayAnswer(BiFunction<Endpoint, String, TSStatus> answer) {
    this.replayAnswer = answer;
  }

  public void serverMaxFrameSize(int bytes) {
    this.serverMaxFrameSize = bytes;
  }

  @Override
  public Link open(Endpoint endpoint, String database) {
    if (down.contains(endpoint)) {
      log.add("refused " + endpoint);
      throw new ConnectionException(endpoint.toString(), "cannot connect to IoTDB at " + endpoint
          + ": Connection refused", null);
    }
    log.add("open " + endpoint);
    FakeLink link = new FakeLink(this, endpoint, database,
        windowNanos > 0 ? new ReplayWindow(windowNanos, 1 << 20) : null);
    opened.add(link);
    return link;
  }

  /** The log lines that start with one of the prefixes, in order. */
  public List<String> logged(String... prefixes) {
    List<String> out = new ArrayList<>();
    for (String line : log) {
      for (String prefix : prefixes) {
        if (line.startsWith(prefix)) {
          out.add(line);
          break;
        }
      }
    }
    return out;
  }
}
