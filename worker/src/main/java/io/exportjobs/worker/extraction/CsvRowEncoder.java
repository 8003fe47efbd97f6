package io.exportjobs.worker.extraction;

import static io.exportjobs.worker.extraction.Utf8Text.csvField;
import static io.exportjobs.worker.extraction.Utf8Text.csvFieldMax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@link CsvEntryWriter}'s bytes from COPY rows: RFC 4180 with a header row, CRLF line ends. */
final class CsvRowEncoder implements RowEncoder {

  private static final int FIXED = 16 + 2 * TimestampText.MAX + Utf8Text.DECIMAL_MAX;

  private final TimestampText occurredAt = new TimestampText();
  private final TimestampText recordedAt = new TimestampText();
  private OutputBuffer out;

  @Override
  public void begin(OutputBuffer out, long entriesBefore) throws IOException {
    this.out = out;
    if (entriesBefore == 0) {
      out.put(CsvEntryWriter.HEADER.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void write(CopyRow row) throws IOException {
    row.checkOutcome();
    int[] len = row.length;
    int[] off = row.offset;
    out.reserve(
        FIXED
            + csvFieldMax(len[CopyRow.ACTOR])
            + csvFieldMax(len[CopyRow.ACTION])
            + csvFieldMax(len[CopyRow.RESOURCE])
            + len[CopyRow.OUTCOME]
            + csvFieldMax(len[CopyRow.ATTRIBUTES])
            + len[CopyRow.PREV_HASH]
            + len[CopyRow.HASH]);
    byte[] d = row.data;
    byte[] b = out.buf;
    int p = out.pos;
    p = Utf8Text.decimal(row.seq(), b, p);
    b[p++] = ',';
    p = occurredAt.write(row.micros(CopyRow.OCCURRED_AT), b, p);
    b[p++] = ',';
    p = recordedAt.write(row.micros(CopyRow.RECORDED_AT), b, p);
    b[p++] = ',';
    p = csvField(d, off[CopyRow.ACTOR], len[CopyRow.ACTOR], b, p);
    b[p++] = ',';
    p = csvField(d, off[CopyRow.ACTION], len[CopyRow.ACTION], b, p);
    b[p++] = ',';
    p = csvField(d, off[CopyRow.RESOURCE], len[CopyRow.RESOURCE], b, p);
    b[p++] = ',';
    p = raw(d, off[CopyRow.OUTCOME], len[CopyRow.OUTCOME], b, p);
    b[p++] = ',';
    p = csvField(d, off[CopyRow.ATTRIBUTES], len[CopyRow.ATTRIBUTES], b, p);
    b[p++] = ',';
    p = raw(d, off[CopyRow.PREV_HASH], len[CopyRow.PREV_HASH], b, p);
    b[p++] = ',';
    p = raw(d, off[CopyRow.HASH], len[CopyRow.HASH], b, p);
    b[p++] = '\r';
    b[p++] = '\n';
    out.pos = p;
  }

  @Override
  public void end() {}

  private static int raw(byte[] src, int off, int len, byte[] b, int p) {
    System.arraycopy(src, off, b, p, len);
    return p + len;
  }
}
