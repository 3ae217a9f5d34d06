/**
 * The query decoder behind {@link io.quiver.arrow.ArrowQuery} ({@link
 * io.quiver.arrow.internal.TsBlockArrowDecoder} and its column writers: TsBlock bytes read
 * big-endian from the fetch's heap buffer, written by address into Arrow buffers), and the encoders
 * behind {@link io.quiver.arrow.ArrowTablet}: one small class per family of Arrow
 * layouts, each writing one column from Arrow memory straight into the session's {@link
 * io.quiver.client.spi.WireBuffer}. Not a public API: names and signatures may change.
 *
 * <p>The encoders are package-private: {@code io.quiver.arrow} reaches them through one entry
 * point, {@link io.quiver.arrow.internal.ArrowColumns} (checks a root and writes its columns).
 * The only other public types are the ones {@code io.quiver.arrow} calls: {@code
 * TsBlockArrowDecoder} and {@code ResultSchema} (queries), {@code DeviceGroups} (per-device
 * batches) and {@code Errors} (the wording of {@code InvalidBatchException}s).
 *
 * <p>Every encoder follows the same discipline: it checks the bounds of each Arrow buffer once per
 * column and insert, then reads Arrow memory by address ({@code MemoryUtil.getLong/getInt/getByte})
 * and writes big-endian values into the frame array through byte-array view {@code VarHandle}s;
 * strings and binaries are copied in bulk ({@code MemoryUtil.copyFromMemory}). No per-value
 * objects, no intermediate arrays.
 */
package io.quiver.arrow.internal;
