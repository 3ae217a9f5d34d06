package io.quiver.cli.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Rows of the reader's current record batch as a root of their own, for one inserting thread: the
 * reader may load the next batch into its root while this one is being sent.
 *
 * <p>Made with {@link TransferPair#splitAndTransfer}, which shares the batch's buffers (each
 * reference counted, so they outlive the reader's reload) and copies only what a range needs
 * re-based: offsets of variable-width columns, and validity when the range does not start on a
 * multiple of 8 rows. The dictionaries of dictionary-encoded columns are taken the same way, as a
 * stream may replace them before its next batch. {@link #close()} releases it all.
 */
final class BatchSlice implements AutoCloseable {
  /** A marker with no rows (never closed): tells an inserting thread to end. */
  static final BatchSlice END = new BatchSlice(null, null, null);

  final LoadLedger.Batch batch;
  final VectorSchemaRoot root;
  /** The dictionaries as they were when the slice was made, or null if the file has none. */
  final DictionaryProvider.MapDictionaryProvider dictionaries;

  private BatchSlice(LoadLedger.Batch batch, VectorSchemaRoot root,
      DictionaryProvider.MapDictionaryProvider dictionaries) {
    this.batch = batch;
    this.root = root;
    this.dictionaries = dictionaries;
  }

  /** Rows {@code [from, from + rows)} of {@code source}'s root, with its dictionaries. */
  static BatchSlice of(LoadLedger.Batch batch, ArrowSource source, int from, int rows,
      BufferAllocator allocator) {
    VectorSchemaRoot reader = source.root();
    List<FieldVector> vectors = new ArrayList<>(reader.getFieldVectors().size());
    DictionaryProvider.MapDictionaryProvider dictionaries = null;
    try {
      for (FieldVector v : reader.getFieldVectors()) {
        vectors.add(split(v, from, rows, allocator));
      }
      Set<Long> ids = source.dictionaryIds();
      if (!ids.isEmpty()) {
        dictionaries = new DictionaryProvider.MapDictionaryProvider();
        for (long id : ids) {
          Dictionary d = source.dictionary(id);
          FieldVector values = d.getVector();
          dictionaries.put(new Dictionary(split(values, 0, values.getValueCount(), allocator),
              d.getEncoding()));
        }
      }
    } catch (RuntimeException e) {
      for (FieldVector v : vectors) {
        v.close();
      }
      if (dictionaries != null) {
        dictionaries.close();
      }
      throw e;
    }
    return new BatchSlice(batch, new VectorSchemaRoot(reader.getSchema(), vectors, rows),
        dictionaries);
  }

  private static FieldVector split(FieldVector v, int from, int rows, BufferAllocator allocator) {
    TransferPair pair = v.getTransferPair(allocator);
    pair.splitAndTransfer(from, rows);
    return (FieldVector) pair.getTo();
  }

  @Override
  public void close() {
    try {
      root.close();
    } finally {
      if (dictionaries != null) {
        dictionaries.close();
      }
    }
  }
}
