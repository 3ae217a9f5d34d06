package io.quiver.it.tree;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletReq;
import org.apache.iotdb.service.rpc.thrift.TSInsertTabletsReq;

/**
 * Tree insert requests built with the generated Thrift structs, exactly as given (no checks): the
 * probes' way to see what the server itself accepts and answers.
 */
final class RawRequests {
  private RawRequests() {}

  /** One device, INT32 measurements, row r of column c holding {@code r + 100 * c}. */
  static TSInsertTabletReq int32Tablet(String device, List<String> measurements, boolean aligned,
      long... times) {
    ByteBuffer t = ByteBuffer.allocate(8 * times.length);
    for (long x : times) {
      t.putLong(x);
    }
    t.flip();
    ByteBuffer v = ByteBuffer.allocate(4 * times.length * measurements.size());
    for (int c = 0; c < measurements.size(); c++) {
      for (int r = 0; r < times.length; r++) {
        v.putInt(r + 100 * c);
      }
    }
    v.flip();
    List<Integer> types = new ArrayList<>(Collections.nCopies(measurements.size(), 1));
    TSInsertTabletReq req = new TSInsertTabletReq(0L, device, measurements, v, t, types, times.length);
    req.setIsAligned(aligned);
    return req;
  }

  /** One row of one measurement of another type (code) with these value bytes. */
  static TSInsertTabletReq oneValue(String device, String measurement, int typeCode, long time,
      byte[] value) {
    TSInsertTabletReq req = int32Tablet(device, List.of(measurement), false, time);
    req.setTypes(List.of(typeCode));
    req.setValues(ByteBuffer.wrap(value));
    return req;
  }

  /** The parts as one insertTablets request. */
  static TSInsertTabletsReq tablets(List<TSInsertTabletReq> parts, boolean aligned) {
    TSInsertTabletsReq many = new TSInsertTabletsReq();
    many.setPrefixPaths(new ArrayList<>());
    many.setMeasurementsList(new ArrayList<>());
    many.setValuesList(new ArrayList<>());
    many.setTimestampsList(new ArrayList<>());
    many.setTypesList(new ArrayList<>());
    many.setSizeList(new ArrayList<>());
    for (TSInsertTabletReq r : parts) {
      many.addToPrefixPaths(r.getPrefixPath());
      many.addToMeasurementsList(r.getMeasurements());
      many.addToValuesList(r.bufferForValues());
      many.addToTimestampsList(r.bufferForTimestamps());
      many.addToTypesList(r.getTypes());
      many.addToSizeList(r.getSize());
    }
    many.setIsAligned(aligned);
    return many;
  }
}
