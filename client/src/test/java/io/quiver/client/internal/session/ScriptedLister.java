package io.quiver.client.internal.session;

import io.quiver.client.internal.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DataNodeLister} for unit tests: asks over the link as the real one does (one statement,
 * so a fake link logs it and fails when its node is down), then answers with the report the test
 * set, or throws the failure the test set.
 */
public final class ScriptedLister implements DataNodeLister {
  private List<DataNode> report = List.of();
  private RuntimeException failure;
  /** The node each listing was asked on, in order. */
  public final List<Endpoint> askedOn = new ArrayList<>();

  /** Every node {@code Running}, ids from 1. */
  public ScriptedLister running(Endpoint... nodes) {
    List<DataNode> r = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      r.add(new DataNode(i + 1, "Running", nodes[i]));
    }
    return report(r);
  }

  public ScriptedLister report(List<DataNode> report) {
    this.report = List.copyOf(report);
    this.failure = null;
    return this;
  }

  public ScriptedLister fail(RuntimeException failure) {
    this.failure = failure;
    return this;
  }

  @Override
  public List<DataNode> list(Link link) {
    link.execute(ShowDataNodes.SQL, 1024, 0);
    askedOn.add(link.endpoint());
    if (failure != null) {
      throw failure;
    }
    return report;
  }
}
