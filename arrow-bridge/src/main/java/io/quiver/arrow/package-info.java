/**
 * Apache Arrow batches into and out of Apache IoTDB: {@link io.quiver.arrow.ArrowTablet} turns a
 * {@code VectorSchemaRoot} into an insert batch that {@code TableSession.insert} writes straight
 * from Arrow memory into its request frame, one copy per value byte; {@link
 * io.quiver.arrow.ArrowQuery} runs a query and decodes its result blocks straight into Arrow
 * vectors, as a stream of batches ({@link io.quiver.arrow.ArrowResultStream}) or one root.
 *
 * <p>Depends on {@code arrow-vector} only (the application chooses the allocator, netty or unsafe);
 * needs no JVM flags ({@code --add-opens}) on JDK 17 and later.
 */
package io.quiver.arrow;
