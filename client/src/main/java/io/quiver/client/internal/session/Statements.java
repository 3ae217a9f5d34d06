package io.quiver.client.internal.session;

import io.quiver.client.internal.QueryCursor;
import io.quiver.client.internal.Statuses;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.iotdb.service.rpc.thrift.TSExecuteStatementResp;

/**
 * The statement and query half of a session: runs a statement once (it may not be idempotent),
 * runs a query through the {@link Retrier} (a query is), and registers what a query opens in the
 * session's {@link OpenResults} until it is read to the end or closed. Not thread-safe.
 */
public final class Statements {
  private final Retrier retrier;
  private final Supplier<Link> live;
  private final Links links;
  private final OpenResults results;
  private final int fetchSize;

  /**
   * @param live the session's home link, ready for new work (reconnects and replays when needed)
   * @param links the bundle whose database a {@code USE} changes
   * @param fetchSize the configured rows per round trip
   */
  public Statements(Retrier retrier, Supplier<Link> live, Links links, OpenResults results,
      int fetchSize) {
    this.retrier = retrier;
    this.live = live;
    this.links = links;
    this.results = results;
    this.fetchSize = fetchSize;
  }

  /** Makes a session's row result set over a registered cursor (the facade's own type). */
  @FunctionalInterface
  public interface ResultMaker<R> {
    /** {@code onClose} unregisters the result; the result calls it once, when it is closed. */
    R make(QueryCursor cursor, Link link, Runnable onClose);
  }

  /**
   * Executes a statement that returns no rows, once. A {@code USE} the server confirms becomes the
   * bundle's database; a statement that left a query open on the server (it returned rows after
   * all) has it released.
   *
   * @throws io.quiver.client.StatementException if the server refuses it
   */
  public void executeNonQuery(String sql) {
    requireSql(sql);
    Link c = live.get();
    TSExecuteStatementResp resp = c.execute(sql, fetchSize, 0);
    Statuses.check(resp.getStatus(), "execute '" + QueryCursor.abbreviate(sql) + "'");
    if (resp.isSetDatabase()) {
      links.database(resp.getDatabase());
    }
    if (resp.isSetQueryId() && resp.isSetMoreData() && resp.isMoreData()) {
      new QueryCursor(c, sql, resp, fetchSize, 0).close();
    }
  }

  /**
   * Runs a query (retried) with the configured fetch size and wraps its cursor in a result made by
   * {@code maker}, registered until {@code close} closes it.
   */
  public <R> R query(String sql, long timeoutMs, ResultMaker<R> maker, Consumer<R> close) {
    requireSql(sql);
    Retrier.Attempt<TSExecuteStatementResp> answer = execute(sql, timeoutMs, fetchSize);
    Link c = answer.link();
    QueryCursor cursor = new QueryCursor(c, sql, answer.value(), fetchSize, timeoutMs);
    Object[] holder = new Object[1];
    R result = maker.make(cursor, c, () -> results.remove(holder[0]));
    holder[0] = result;
    results.add(result, () -> close.accept(result));
    return result;
  }

  /**
   * Runs a query (retried; its fetches are not: a fetch continues a query the failed connection
   * held) and returns its raw cursor, registered until it is read to the end or closed.
   *
   * @throws IllegalArgumentException if {@code fetchSize} is not positive or the SQL is empty
   */
  public QueryCursor openCursor(String sql, long timeoutMs, int fetchSize) {
    requireSql(sql);
    if (fetchSize <= 0) {
      throw new IllegalArgumentException("fetchSize: " + fetchSize + " is not positive");
    }
    Retrier.Attempt<TSExecuteStatementResp> answer = execute(sql, timeoutMs, fetchSize);
    QueryCursor[] holder = new QueryCursor[1];
    QueryCursor cursor = new QueryCursor(answer.link(), sql, answer.value(), fetchSize, timeoutMs,
        () -> results.remove(holder[0]));
    holder[0] = cursor;
    results.add(cursor, cursor::close);
    return cursor;
  }

  private Retrier.Attempt<TSExecuteStatementResp> execute(String sql, long timeoutMs,
      int fetchSize) {
    String what = "execute query '" + QueryCursor.abbreviate(sql) + "'";
    return retrier.run(what, live, link -> {
      TSExecuteStatementResp r = link.execute(sql, fetchSize, timeoutMs);
      Statuses.check(r.getStatus(), what);
      return r;
    });
  }

  /** @throws IllegalArgumentException if {@code sql} is null or blank */
  public static void requireSql(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("the SQL statement is empty");
    }
  }
}
