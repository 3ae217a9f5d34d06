package io.quiver.arrow.internal;

import io.quiver.client.spi.BlockCursor;
import io.quiver.arrow.ResultConversionException;
import io.quiver.client.DataType;
import io.quiver.client.TimePrecision;
import io.quiver.client.internal.tsblock.ColumnEncoding;
import io.quiver.client.internal.tsblock.TsBlockReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Decodes the serialized TsBlocks of a query straight into Arrow vectors, one fetch at a time: no
 * object or Java array per value, each value read once from the fetch's bytes and written once
 * into Arrow memory.
 *
 * <p>The layout (header, encodings, null flags, runs, dictionaries; {@code docs/tsblock.md}) is
 * read through the client's {@link TsBlockReader}, the one reader the row decoder uses too; this
 * class and its {@link ColumnWriter}s only write what it finds into Arrow buffers.
 *
 * <p>There is no length field: a column is found by reading or skipping the ones before it. In the
 * table model the time column is a placeholder (real times come as a TIMESTAMP value column), so
 * it is skipped. Output column i is block value column {@code blockColumn[i]} (the query's {@code
 * columnIndex2TsBlockColumnIndexList}: the order may differ, several outputs may read one block
 * column, and block columns no output reads are skipped). The physical type of each block column
 * read must match the output column's IoTDB type.
 *
 * <p>Per fetch: the block headers give the row count, every vector gets room for it ({@link
 * ColumnWriter#allocate}), then each block is written at its first row, and the value counts are
 * set. Not thread-safe; one decoder per result.
 */
public final class TsBlockArrowDecoder {
  private final ColumnWriter[] writers;
  private final int[] blockColumn;
  private final byte[] physicalType;
  /** For each block value column up to {@link #lastRead}: the output columns that read it. */
  private final int[][] readers;
  private final int lastRead;
  /** The output columns that read the block's time column (the tree model's {@code Time}). */
  private final int[] timeReaders;
  private final TsBlockReader in = new TsBlockReader(ColumnWriter::malformed);
  private final int[] one = new int[1];
  private int[] located = new int[0];
  private long bytesRead;

  /**
   * A decoder into {@code vectors}, one per output column, made from the result's schema ({@link
   * ResultSchema}).
   */
  public TsBlockArrowDecoder(List<String> names, List<DataType> types, int[] blockColumn, List<FieldVector> vectors) {
    this(names, types, blockColumn, vectors, null);
  }

  /**
   * As {@link #TsBlockArrowDecoder(List, List, int[], List)}; with {@code microsFrom} not null,
   * TIMESTAMP columns (counted by the server in that precision) are written as microseconds, into
   * the vectors of {@link ResultSchema#ofMicrosUtc}.
   */
  public TsBlockArrowDecoder(List<String> names, List<DataType> types, int[] blockColumn, List<FieldVector> vectors,
      TimePrecision microsFrom) {
    int columns = names.size();
    if (types.size() != columns || blockColumn.length != columns || vectors.size() != columns) {
      throw new IllegalArgumentException(columns + " names, " + types.size() + " types, " + blockColumn.length
          + " block columns and " + vectors.size() + " vectors");
    }
    this.writers = new ColumnWriter[columns];
    this.blockColumn = blockColumn.clone();
    this.physicalType = new byte[columns];
    int last = -1;
    for (int i = 0; i < columns; i++) {
      writers[i] = ColumnWriter.of(names.get(i), types.get(i), vectors.get(i), microsFrom);
      physicalType[i] = ColumnWriter.physicalType(types.get(i));
      if (blockColumn[i] < BlockCursor.TIME_COLUMN) {
        throw new ResultConversionException("query result column '" + names.get(i) + "' maps to TsBlock column "
            + blockColumn[i] + "; only the time column (-1) and value columns (0 and up) can be read",
            names.get(i), -1);
      }
      last = Math.max(last, blockColumn[i]);
    }
    this.lastRead = last;
    List<List<Integer>> byBlock = new ArrayList<>();
    for (int j = 0; j <= last; j++) {
      byBlock.add(new ArrayList<>());
    }
    List<Integer> time = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      (blockColumn[i] < 0 ? time : byBlock.get(blockColumn[i])).add(i);
    }
    this.timeReaders = time.stream().mapToInt(Integer::intValue).toArray();
    this.readers = new int[last + 1][];
    for (int j = 0; j <= last; j++) {
      readers[j] = byBlock.get(j).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The bytes of serialized TsBlocks decoded so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * Decodes one fetch's blocks into the vectors from vector row {@code rowOffset} on, and sets the
   * vectors' value counts to {@code rowOffset} plus the rows added. With {@code rowOffset == 0} the
   * vectors first get new buffers (what they held is released, never overwritten); otherwise their
   * first {@code rowOffset} rows are kept and the buffers grow. A fetch without rows leaves the
   * vectors untouched.
   *
   * @param firstResultRow the result row of vector row {@code rowOffset}, for error messages
   * @return the number of rows added
   * @throws ResultConversionException naming the column (and row) of a value Arrow cannot hold as
   *     mapped, or of malformed bytes; the vectors then hold a partial fetch
   */
  public int decode(List<ByteBuffer> blocks, int rowOffset, long firstResultRow) {
    long total = rowOffset;
    for (ByteBuffer b : blocks) {
      total += header(b);
    }
    if (total == rowOffset) {
      return 0;
    }
    if (total > Integer.MAX_VALUE) {
      throw new ResultConversionException("the query result has more than " + Integer.MAX_VALUE
          + " rows for one Arrow vector; read it in batches (ArrowQuery.stream)", null, firstResultRow);
    }
    for (ColumnWriter w : writers) {
      w.firstRow = firstResultRow - rowOffset;
      w.allocate((int) total, rowOffset);
    }
    int row = rowOffset;
    for (ByteBuffer b : blocks) {
      row += block(b, row);
      bytesRead += b.remaining();
    }
    for (ColumnWriter w : writers) {
      w.finish(row);
    }
    return row - rowOffset;
  }

  /** The row count of a block, from its header. */
  private int header(ByteBuffer b) {
    return in.of(b).header();
  }

  /** Writes one block at vector row {@code row}; returns its row count. */
  private int block(ByteBuffer b, int row) {
    int n = in.of(b).header();
    int v = in.valueColumns();
    if (n == 0) {
      return 0;
    }
    if (v <= lastRead) {
      throw ColumnWriter.malformed("a block has " + v + " value columns but the result reads column " + lastRead);
    }
    if (timeReaders.length == 0) {
      in.skip(in.encoding(-1), ColumnEncoding.INT64, n, "the time column");
    } else {
      int start = in.p;
      int after = -1;
      for (int i : timeReaders) {
        in.p = start;
        write(writers[i], physicalType[i], in.encoding(-1), ColumnEncoding.INT64, row, n);
        after = in.p;
      }
      in.p = after;
    }
    for (int j = 0; j <= lastRead; j++) {
      byte encoding = in.encoding(j);
      byte type = in.type(j);
      int[] outputs = readers[j];
      if (outputs.length == 0) {
        in.skip(encoding, type, n, "value column " + j);
        continue;
      }
      int start = in.p;
      int after = -1;
      for (int i : outputs) {
        in.p = start;
        write(writers[i], physicalType[i], encoding, type, row, n);
        after = in.p;
      }
      in.p = after;
    }
    return n;
  }

  private void write(ColumnWriter w, byte expected, byte encoding, byte type, int row, int n) {
    if (type != expected) {
      throw w.error(-1, "the server sent it as TsBlock physical type " + type + ", expected " + expected);
    }
    String what = "column '" + w.name + "'";
    switch (encoding) {
      case ColumnEncoding.RLE: {
        in.locate(in.runEncoding(what), type, 1, one, what);
        w.constant(in.a, one[0], row, n);
        return;
      }
      case ColumnEncoding.DICTIONARY: {
        if (located.length < n) {
          located = new int[n];
        }
        in.locate(encoding, type, n, located, what);
        w.located(in.a, located, row, n);
        return;
      }
      default:
        in.checkPlain(encoding, type, what);
        w.plain(in, row, n);
    }
  }
}
