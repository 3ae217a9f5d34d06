package io.quiver.client.internal;

import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * An insert batch that writes its whole request itself (the tree model's {@code insertTablet} and
 * {@code insertTablets}), instead of the table model's {@code insertTablet} that {@link
 * InsertRequestWriter} writes around any batch. The connection treats the written frame as any
 * other: discarded when writing fails, copied into the replay window when acknowledged, re-sent
 * as it was after a reconnect. The answer must be a {@code TSStatus} in field 0 (both calls'
 * results are).
 */
public interface RequestWriting {
  /**
   * Writes the whole request message into {@code frame} through {@code out} (see {@link
   * io.quiver.client.internal.tree.TreeInsertWriter} for the contract).
   */
  void writeRequest(TProtocol out, WireBuffer frame, boolean compact, int seqId, long sessionId,
      TimePrecision precision) throws TException;
}
