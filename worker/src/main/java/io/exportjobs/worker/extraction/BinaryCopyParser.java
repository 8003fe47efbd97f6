package io.exportjobs.worker.extraction;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads PostgreSQL's binary COPY format: an 11-byte signature, flags and a header extension, then
 * per row a 16-bit column count and each column as a 32-bit length and its bytes, then {@code -1}.
 * Blocks hold whole CopyData messages, and PostgreSQL sends one message per row, so a row never
 * spans two blocks.
 */
final class BinaryCopyParser {

  interface RowConsumer {
    void accept(CopyRow row) throws IOException;
  }

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  private static final VarHandle INT32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final CopyRow row = new CopyRow();
  private boolean headerRead;
  private boolean trailerRead;

  /** Hands each row of {@code block[0, length)} to {@code consumer}, in order. */
  void parse(byte[] block, int length, RowConsumer consumer) throws IOException {
    int p = 0;
    if (!headerRead) {
      if (length < SIGNATURE.length + 8
          || !Arrays.equals(block, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
        throw new IllegalStateException("the COPY output does not start with the binary signature");
      }
      p = SIGNATURE.length + 4; // flags: no OIDs since PostgreSQL 12, nothing else defined
      p += 4 + int32(block, p);
      headerRead = true;
    }
    row.data = block;
    while (p < length) {
      if (trailerRead) {
        throw new IllegalStateException("the COPY output goes on after its trailer");
      }
      int columns = (short) ((block[p] & 0xFF) << 8 | (block[p + 1] & 0xFF));
      p += 2;
      if (columns == -1) {
        trailerRead = true;
        continue;
      }
      if (columns != CopyRow.COLUMNS) {
        throw new IllegalStateException(
            "a COPY row of " + columns + " columns, expected " + CopyRow.COLUMNS);
      }
      for (int c = 0; c < CopyRow.COLUMNS; c++) {
        int len = int32(block, p);
        p += 4;
        if (len < 0 || p + len > length) {
          throw new IllegalStateException(
              len < 0 ? "a NULL in a NOT NULL column" : "a COPY row spans two blocks");
        }
        row.offset[c] = p;
        row.length[c] = len;
        p += len;
      }
      if (row.length[CopyRow.SEQ] != 8
          || row.length[CopyRow.OCCURRED_AT] != 8
          || row.length[CopyRow.RECORDED_AT] != 8) {
        throw new IllegalStateException("seq, occurred_at and recorded_at are not 8 bytes each");
      }
      consumer.accept(row);
    }
  }

  /** Whether the trailer arrived: the COPY ended normally. */
  boolean complete() {
    return trailerRead;
  }

  private static int int32(byte[] b, int p) {
    return (b[p] & 0xFF) << 24
        | (b[p + 1] & 0xFF) << 16
        | (b[p + 2] & 0xFF) << 8
        | (b[p + 3] & 0xFF);
  }
}
