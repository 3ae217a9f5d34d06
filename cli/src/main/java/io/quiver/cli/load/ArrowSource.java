package io.quiver.cli.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * An Arrow IPC file or stream on disk, read one record batch at a time into one {@link
 * VectorSchemaRoot} (the reader's, reloaded by each {@link #loadBatch()}).
 *
 * <p>The format is told by the first bytes: the IPC <b>file</b> format starts with the magic
 * {@code "ARROW1"} (and ends with a footer listing the record batches); the IPC <b>stream</b> format
 * starts with a message: the continuation marker {@code 0xFFFFFFFF} and a little-endian int32
 * metadata length (or, in the pre-1.0 form, the length alone). Anything else is refused before a
 * reader is made. For a file, the row count of every record batch is read up front from the
 * batches' metadata (a few bytes each, no bodies), so the total is known and whole batches can be
 * skipped without reading them; a stream's total is unknown.
 *
 * <p>Arrow IPC reads through {@code ArrowBuf.nioBuffer()}, so the JVM needs {@code
 * --add-opens=java.base/java.nio=ALL-UNNAMED} (the {@code ./quiver} script passes it). Not
 * thread-safe.
 */
final class ArrowSource implements AutoCloseable {
  /** The IPC format of the file. */
  enum Format {
    FILE("Arrow IPC file"),
    STREAM("Arrow IPC stream");

    private final String description;

    Format(String description) {
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private static final byte[] FILE_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
  private static final int CONTINUATION = 0xFFFFFFFF;

  private final Path path;
  private final Format format;
  private final FileChannel channel;
  private final ArrowReader reader;
  private final VectorSchemaRoot root;
  /** File format: the record blocks and their row counts; null for a stream. */
  private final List<ArrowBlock> blocks;
  private final long[] blockRows;
  private int nextBlock;

  private ArrowSource(Path path, Format format, FileChannel channel, ArrowReader reader,
      VectorSchemaRoot root, List<ArrowBlock> blocks, long[] blockRows) {
    this.path = path;
    this.format = format;
    this.channel = channel;
    this.reader = reader;
    this.root = root;
    this.blocks = blocks;
    this.blockRows = blockRows;
  }

  /**
   * Opens the file and reads its schema (and, for the file format, its footer, dictionaries and
   * the row count of each record batch).
   *
   * @throws LoadException if the file is missing, unreadable, not Arrow IPC, compressed, or
   *     damaged
   */
  static ArrowSource open(Path path, BufferAllocator allocator) {
    if (!Files.exists(path)) {
      throw new LoadException(path + ": no such file; give the path of an Arrow IPC file or stream");
    }
    if (Files.isDirectory(path)) {
      throw new LoadException(path + " is a directory; give the path of an Arrow IPC file or stream");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (AccessDeniedException e) {
      throw new LoadException(path + " cannot be read: permission denied; check its permissions", e);
    } catch (NoSuchFileException e) {
      throw new LoadException(path + ": no such file; give the path of an Arrow IPC file or stream", e);
    } catch (IOException e) {
      throw new LoadException(path + " cannot be read: " + e.getMessage(), e);
    }
    ArrowReader reader = null;
    try {
      Format format = detect(path, channel);
      channel.position(0);
      List<ArrowBlock> blocks = null;
      long[] blockRows = null;
      if (format == Format.FILE) {
        ArrowFileReader fileReader = new ArrowFileReader(channel, allocator);
        reader = fileReader;
        VectorSchemaRoot root = readSchema(path, format, reader);
        blocks = new ArrayList<>(fileReader.getRecordBlocks());
        blockRows = rowCounts(path, blocks);
        return new ArrowSource(path, format, channel, reader, root, blocks, blockRows);
      }
      reader = new ArrowStreamReader(channel, allocator);
      VectorSchemaRoot root = readSchema(path, format, reader);
      return new ArrowSource(path, format, channel, reader, root, null, null);
    } catch (IOException | RuntimeException e) {
      closeQuietly(reader, channel, e);
      if (e instanceof LoadException) {
        throw (LoadException) e;
      }
      throw new LoadException(path + " cannot be read as an Arrow IPC file: " + oneLine(e), e);
    }
  }

  private static Format detect(Path path, FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (head.hasRemaining() && channel.read(head) >= 0) {
      // read up to 8 bytes
    }
    head.flip();
    if (head.remaining() == 0) {
      throw new LoadException(path + " is empty; give an Arrow IPC file or stream");
    }
    if (head.remaining() >= FILE_MAGIC.length) {
      boolean magic = true;
      for (int i = 0; i < FILE_MAGIC.length; i++) {
        magic &= head.get(i) == FILE_MAGIC[i];
      }
      if (magic) {
        return Format.FILE;
      }
    }
    if (head.remaining() >= 8 && head.getInt(0) == CONTINUATION) {
      int length = head.getInt(4);
      if (length > 0 && length <= size - 8) {
        return Format.STREAM;
      }
    } else if (head.remaining() >= 4) {
      int legacyLength = head.getInt(0);
      if (legacyLength > 0 && legacyLength <= size - 4) {
        return Format.STREAM;
      }
    }
    throw new LoadException(path + " is not Arrow IPC: it starts neither with \"ARROW1\" (the file"
        + " format) nor with an IPC message (the stream format); write it with an Arrow IPC writer"
        + " (e.g. pyarrow.ipc.new_file or new_stream)");
  }

  private static VectorSchemaRoot readSchema(Path path, Format format, ArrowReader reader) {
    try {
      return reader.getVectorSchemaRoot();
    } catch (IOException | RuntimeException e) {
      String how = format == Format.FILE
          ? "it starts like an Arrow IPC file but its footer or schema cannot be read (is it"
              + " truncated?)"
          : "it is not an Arrow IPC stream, or its schema message is damaged";
      throw new LoadException(path + " cannot be read: " + how + ": " + oneLine(e), e);
    }
  }

  /** The rows of each record batch, read from the batches' metadata; refuses compressed bodies. */
  private static long[] rowCounts(Path path, List<ArrowBlock> blocks) throws IOException {
    long[] rows = new long[blocks.size()];
    try (FileChannel scan = FileChannel.open(path, StandardOpenOption.READ)) {
      SeekableReadChannel in = new SeekableReadChannel(scan);
      for (int i = 0; i < blocks.size(); i++) {
        in.setPosition(blocks.get(i).getOffset());
        MessageMetadataResult message = MessageSerializer.readMessage(in);
        if (message == null || message.headerType() != MessageHeader.RecordBatch) {
          throw new LoadException(path + ": record batch " + i + " listed in the footer is not a"
              + " record batch message; the file is damaged");
        }
        RecordBatch batch = (RecordBatch) message.getMessage().header(new RecordBatch());
        if (batch.compression() != null) {
          throw new LoadException(path + ": its record batches are compressed (IPC body"
              + " compression), which the loader does not read; write the file uncompressed"
              + " (e.g. pyarrow.ipc.new_file(..., options=IpcWriteOptions(compression=None)))");
        }
        rows[i] = batch.length();
      }
    }
    return rows;
  }

  Path path() {
    return path;
  }

  Format format() {
    return format;
  }

  /** The reader's root: empty before the first {@link #loadBatch()}, then the current batch. */
  VectorSchemaRoot root() {
    return root;
  }

  /** The dictionaries of the dictionary-encoded columns (a stream may replace them between batches). */
  DictionaryProvider dictionaries() {
    return reader;
  }

  /** The ids of the dictionaries. */
  Set<Long> dictionaryIds() {
    return reader.getDictionaryIds();
  }

  Dictionary dictionary(long id) {
    return reader.lookup(id);
  }

  /** The number of record batches, or -1 for a stream. */
  int recordBatchCount() {
    return blocks == null ? -1 : blocks.size();
  }

  /** The rows in the file, or -1 for a stream (unknown until the end). */
  long totalRows() {
    if (blockRows == null) {
      return -1;
    }
    long total = 0;
    for (long r : blockRows) {
      total += r;
    }
    return total;
  }

  /**
   * The rows of the next record batch if they are known without reading it (file format), else -1.
   */
  long nextBatchRowsIfKnown() {
    if (blocks == null || nextBlock >= blocks.size()) {
      return -1;
    }
    return blockRows[nextBlock];
  }

  /** Passes over the next record batch without reading it (file format only). */
  void skipBatch() {
    if (blocks == null || nextBlock >= blocks.size()) {
      throw new IllegalStateException("no record batch to skip");
    }
    nextBlock++;
  }

  /**
   * Loads the next record batch into {@link #root()}.
   *
   * @return false at the end of the file
   * @throws IOException if the batch cannot be read
   */
  boolean loadBatch() throws IOException {
    if (blocks == null) {
      return reader.loadNextBatch();
    }
    if (nextBlock >= blocks.size()) {
      return false;
    }
    ArrowBlock block = blocks.get(nextBlock++);
    return ((ArrowFileReader) reader).loadRecordBatch(block);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new LoadException("closing " + path + " failed: " + e.getMessage(), e);
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return text.replace('\n', ' ').replace('\r', ' ');
  }

  private static void closeQuietly(ArrowReader reader, FileChannel channel, Exception failure) {
    try {
      if (reader != null) {
        reader.close();
      } else {
        channel.close();
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return path + " (" + format.toString().toLowerCase(Locale.ROOT) + ")";
  }
}
