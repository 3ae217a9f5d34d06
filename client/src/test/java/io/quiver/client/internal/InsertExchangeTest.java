package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.iotdb.common.rpc.thrift.TSStatus;
import org.apache.iotdb.service.rpc.thrift.IClientRPCService;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link InsertExchange#readResult}: an {@code insertTablet} reply gives its status; the server's
 * exception is thrown as it came; a reply with no status is a {@code MISSING_RESULT}.
 */
class InsertExchangeTest {
  private static TBinaryProtocol reply(byte type, ThriftWriter body) throws TException {
    TMemoryBuffer buffer = new TMemoryBuffer(256);
    TBinaryProtocol p = new TBinaryProtocol(buffer);
    p.writeMessageBegin(new TMessage("insertTablet", type, 1));
    body.write(p);
    p.writeMessageEnd();
    return p;
  }

  private interface ThriftWriter {
    void write(TBinaryProtocol p) throws TException;
  }

  @Test
  void aReplyGivesItsStatus() throws TException {
    IClientRPCService.insertTablet_result result = new IClientRPCService.insertTablet_result();
    result.setSuccess(new TSStatus(400).setMessage("redirect"));
    TSStatus status = InsertExchange.readResult(reply(TMessageType.REPLY, result::write));
    assertEquals(400, status.getCode());
    assertEquals("redirect", status.getMessage());
  }

  @Test
  void theServersExceptionIsThrownAsItCame() throws TException {
    TApplicationException x = new TApplicationException(TApplicationException.INTERNAL_ERROR, "boom");
    TApplicationException thrown = assertThrows(TApplicationException.class,
        () -> InsertExchange.readResult(reply(TMessageType.EXCEPTION, x::write)));
    assertEquals("boom", thrown.getMessage());
  }

  @Test
  void aReplyWithoutAStatusIsAMissingResult() throws TException {
    IClientRPCService.insertTablet_result empty = new IClientRPCService.insertTablet_result();
    TApplicationException thrown = assertThrows(TApplicationException.class,
        () -> InsertExchange.readResult(reply(TMessageType.REPLY, empty::write)));
    assertEquals(TApplicationException.MISSING_RESULT, thrown.getType());
  }
}
