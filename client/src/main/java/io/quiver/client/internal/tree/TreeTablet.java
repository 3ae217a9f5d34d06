package io.quiver.client.internal.tree;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.RequestWriting;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * One device's rows as the session core sends them: the batch (its table name is the device path,
 * every column a measurement) and the alignment flag, writing the tree model's {@code
 * insertTablet} ({@link TreeInsertWriter#writeTablet}). Splits by rows as its batch does, so the
 * core's frame splitting, retries and replay window apply unchanged.
 */
public final class TreeTablet implements InsertBatch, RequestWriting {
  private final InsertBatch batch;
  private final boolean aligned;

  public TreeTablet(InsertBatch batch, boolean aligned) {
    this.batch = batch;
    this.aligned = aligned;
  }

  public InsertBatch batch() {
    return batch;
  }

  public boolean aligned() {
    return aligned;
  }

  @Override
  public void writeRequest(TProtocol out, WireBuffer frame, boolean compact, int seqId, long sessionId,
      TimePrecision precision) throws TException {
    TreeInsertWriter.writeTablet(out, frame, compact, seqId, sessionId,
        new DeviceBatch(batch.tableName(), batch), aligned, precision);
  }

  /** The device path. */
  @Override
  public String tableName() {
    return batch.tableName();
  }

  @Override
  public int rowCount() {
    return batch.rowCount();
  }

  @Override
  public int columnCount() {
    return batch.columnCount();
  }

  @Override
  public String columnName(int i) {
    return batch.columnName(i);
  }

  @Override
  public DataType dataType(int i) {
    return batch.dataType(i);
  }

  @Override
  public ColumnCategory category(int i) {
    return ColumnCategory.FIELD;
  }

  @Override
  public long valuesSize() {
    return batch.valuesSize();
  }

  @Override
  public void writeTimestamps(WireBuffer out, TimePrecision precision) {
    batch.writeTimestamps(out, precision);
  }

  @Override
  public void writeValues(WireBuffer out, TimePrecision precision) {
    batch.writeValues(out, precision);
  }

  @Override
  public InsertBatch rows(int from, int to) {
    return new TreeTablet(batch.rows(from, to), aligned);
  }

  @Override
  public String toString() {
    return "TreeTablet[" + batch + (aligned ? ", aligned]" : "]");
  }
}
