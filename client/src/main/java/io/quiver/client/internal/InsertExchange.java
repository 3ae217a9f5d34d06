package io.quiver.client.internal;

import io.quiver.client.TimePrecision;
import io.quiver.client.internal.encoding.EncodedRequest;
import io.quiver.client.spi.InsertBatch;
import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;

/**
 * One insert request on a channel, written straight into its outgoing frame rather than through
 * the generated Thrift client: writing it (the batch's own request, else the table model's,
 * plain or encoded), dropping one written half-way, sending it, and reading the {@code
 * insertTablet} answer. The request layouts are {@link InsertRequestWriter}'s. Not thread-safe.
 */
final class InsertExchange {
  private final RpcChannel channel;
  /** Encodes inserts column by column when asked ({@code encodeInserts}); else null. */
  private final EncodedRequest encoder;

  InsertExchange(RpcChannel channel, EncodedRequest encoder) {
    this.channel = channel;
    this.encoder = encoder;
  }

  /** Writes the insert request: the batch's own ({@link RequestWriting}), else the table's. */
  void write(int seq, long sessionId, InsertBatch batch, TimePrecision precision)
      throws TException {
    if (batch instanceof RequestWriting own) {
      own.writeRequest(channel.protocol(), channel.transport().frame(), channel.compact(), seq,
          sessionId, precision);
    } else {
      InsertRequestWriter.write(channel.protocol(), channel.transport().frame(), channel.compact(),
          seq, sessionId, batch, precision, encoder);
    }
  }

  /**
   * Drops a request written (maybe half-way) into the frame: the bytes, and the protocol's own
   * state (the compact protocol tracks field ids across nested structs), so the next request
   * starts clean.
   */
  void discard() {
    InsertRequestWriter.discard(channel.protocol(), channel.transport());
  }

  /** Sends the written request and reads the answer. */
  TSStatus sendAndReceive() throws TException {
    channel.transport().flush();
    return receive();
  }

  /** Reads the answer to an insert request already sent. */
  TSStatus receive() throws TException {
    return readResult(channel.protocol());
  }

  /** The bytes of the frame last sent, still in the outgoing buffer (to keep for a replay). */
  byte[] lastFrame() {
    return channel.transport().frame().array();
  }

  int lastFrameLength() {
    return channel.transport().lastFrameLength();
  }

  /**
   * Reads an {@code insertTablet} reply: its status, or the server's exception.
   *
   * @throws TApplicationException the server's exception, or {@code MISSING_RESULT} when the reply
   *     carries no status
   */
  static TSStatus readResult(TProtocol protocol) throws TException {
    TMessage msg = protocol.readMessageBegin();
    if (msg.type == TMessageType.EXCEPTION) {
      TApplicationException x = TApplicationException.readFrom(protocol);
      protocol.readMessageEnd();
      throw x;
    }
    IClientRPCService.insertTablet_result result = new IClientRPCService.insertTablet_result();
    result.read(protocol);
    protocol.readMessageEnd();
    if (!result.isSetSuccess()) {
      throw new TApplicationException(TApplicationException.MISSING_RESULT,
          "insertTablet returned no status");
    }
    return result.getSuccess();
  }
}
