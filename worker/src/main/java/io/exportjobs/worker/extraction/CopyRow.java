package io.exportjobs.worker.extraction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One ledger row of a binary COPY, in the column order of {@link
 * io.exportjobs.shared.ledger.RecordedEntry}, as offsets into the block that holds it: nothing is
 * copied or decoded until an encoder writes it. One instance is reused for every row.
 */
final class CopyRow {

  static final int SEQ = 0;
  static final int OCCURRED_AT = 1;
  static final int RECORDED_AT = 2;
  static final int ACTOR = 3;
  static final int ACTION = 4;
  static final int RESOURCE = 5;
  static final int OUTCOME = 6;
  static final int ATTRIBUTES = 7;
  static final int PREV_HASH = 8;
  static final int HASH = 9;
  static final int COLUMNS = 10;

  private static final byte[][] OUTCOMES = {
    "success".getBytes(StandardCharsets.US_ASCII),
    "failure".getBytes(StandardCharsets.US_ASCII),
    "denied".getBytes(StandardCharsets.US_ASCII)
  };

  private static final VarHandle INT64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  byte[] data;
  final int[] offset = new int[COLUMNS];
  final int[] length = new int[COLUMNS];

  long seq() {
    return int64(offset[SEQ]);
  }

  /** A {@code timestamptz} column: microseconds since 2000-01-01T00:00:00Z. */
  long micros(int column) {
    return int64(offset[column]);
  }

  /**
   * Fails on an outcome that is none of the contract's, as the JDBC path does when it parses one.
   */
  void checkOutcome() {
    int off = offset[OUTCOME];
    int len = length[OUTCOME];
    for (byte[] known : OUTCOMES) {
      if (java.util.Arrays.equals(data, off, off + len, known, 0, known.length)) {
        return;
      }
    }
    throw new IllegalStateException(
        "entry "
            + seq()
            + " has an unknown outcome '"
            + new String(data, off, len, StandardCharsets.UTF_8)
            + "'");
  }

  private long int64(int at) {
    return (long) INT64.get(data, at);
  }
}
