package io.quiver.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.arrow.internal.ResultSchema;
import io.quiver.client.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.junit.jupiter.api.Test;

/**
 * Guards the hand-off of the read path: every vector {@code ArrowQuery} emits with {@code
 * withTimestampsAsMicrosUtc} is one Spark's {@link ArrowColumnVector} accepts, read as the Spark
 * type {@link TypeMapping} promises.
 */
class ArrowColumnVectorAcceptanceTest {
  @Test
  void everyIoTDBTypeIsReadableByArrowColumnVector() {
    List<String> names = new ArrayList<>();
    List<DataType> types = List.of(DataType.values());
    for (DataType t : types) {
      names.add(t.name());
    }
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(ResultSchema.ofMicrosUtc(names, types), allocator)) {
      for (int i = 0; i < types.size(); i++) {
        FieldVector v = root.getVector(i);
        ArrowColumnVector column = new ArrowColumnVector(v); // throws for a vector it does not accept
        assertEquals(TypeMapping.toSpark(types.get(i), false), column.dataType(), types.get(i).name());
      }
    }
  }
}
