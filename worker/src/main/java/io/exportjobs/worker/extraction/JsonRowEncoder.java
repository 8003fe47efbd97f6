package io.exportjobs.worker.extraction;

import static io.exportjobs.worker.extraction.Utf8Text.jsonString;
import static io.exportjobs.worker.extraction.Utf8Text.jsonStringMax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@link JsonEntryWriter}'s bytes from COPY rows: one object per entry in the served field order,
 * {@code attributes} copied through as stored. NDJSON ends each object with {@code \n}; JSON wraps
 * them in {@code [\n{…},\n{…}\n]\n}.
 */
final class JsonRowEncoder implements RowEncoder {

  private static final byte[] SEQ = ascii("{\"seq\":");
  private static final byte[] OCCURRED_AT = ascii(",\"occurredAt\":\"");
  private static final byte[] RECORDED_AT = ascii("\",\"recordedAt\":\"");
  private static final byte[] ACTOR = ascii("\",\"actor\":");
  private static final byte[] ACTION = ascii(",\"action\":");
  private static final byte[] RESOURCE = ascii(",\"resource\":");
  private static final byte[] OUTCOME = ascii(",\"outcome\":");
  private static final byte[] ATTRIBUTES = ascii(",\"attributes\":");
  private static final byte[] PREV_HASH = ascii(",\"prevHash\":");
  private static final byte[] HASH = ascii(",\"hash\":");
  private static final int FIXED = 160 + 2 * TimestampText.MAX + Utf8Text.DECIMAL_MAX;

  private final boolean array;
  private final TimestampText occurredAt = new TimestampText();
  private final TimestampText recordedAt = new TimestampText();
  private OutputBuffer out;
  private long written;

  JsonRowEncoder(boolean array) {
    this.array = array;
  }

  @Override
  public void begin(OutputBuffer out, long entriesBefore) throws IOException {
    this.out = out;
    this.written = entriesBefore;
    if (array && entriesBefore == 0) {
      out.put(ascii("["));
    }
  }

  @Override
  public void write(CopyRow row) throws IOException {
    row.checkOutcome();
    int[] len = row.length;
    int[] off = row.offset;
    out.reserve(
        FIXED
            + jsonStringMax(len[CopyRow.ACTOR])
            + jsonStringMax(len[CopyRow.ACTION])
            + jsonStringMax(len[CopyRow.RESOURCE])
            + jsonStringMax(len[CopyRow.OUTCOME])
            + len[CopyRow.ATTRIBUTES]
            + jsonStringMax(len[CopyRow.PREV_HASH])
            + jsonStringMax(len[CopyRow.HASH]));
    byte[] d = row.data;
    byte[] b = out.buf;
    int p = out.pos;
    if (array) {
      if (written > 0) {
        b[p++] = ',';
      }
      b[p++] = '\n';
    }
    p = put(SEQ, b, p);
    p = Utf8Text.decimal(row.seq(), b, p);
    p = put(OCCURRED_AT, b, p);
    p = occurredAt.write(row.micros(CopyRow.OCCURRED_AT), b, p);
    p = put(RECORDED_AT, b, p);
    p = recordedAt.write(row.micros(CopyRow.RECORDED_AT), b, p);
    p = put(ACTOR, b, p);
    p = jsonString(d, off[CopyRow.ACTOR], len[CopyRow.ACTOR], b, p);
    p = put(ACTION, b, p);
    p = jsonString(d, off[CopyRow.ACTION], len[CopyRow.ACTION], b, p);
    p = put(RESOURCE, b, p);
    p = jsonString(d, off[CopyRow.RESOURCE], len[CopyRow.RESOURCE], b, p);
    p = put(OUTCOME, b, p);
    p = jsonString(d, off[CopyRow.OUTCOME], len[CopyRow.OUTCOME], b, p);
    p = put(ATTRIBUTES, b, p);
    System.arraycopy(d, off[CopyRow.ATTRIBUTES], b, p, len[CopyRow.ATTRIBUTES]);
    p += len[CopyRow.ATTRIBUTES];
    p = put(PREV_HASH, b, p);
    p = jsonString(d, off[CopyRow.PREV_HASH], len[CopyRow.PREV_HASH], b, p);
    p = put(HASH, b, p);
    p = jsonString(d, off[CopyRow.HASH], len[CopyRow.HASH], b, p);
    b[p++] = '}';
    if (!array) {
      b[p++] = '\n';
    }
    out.pos = p;
    written++;
  }

  @Override
  public void end() throws IOException {
    if (array) {
      out.put(ascii("\n]\n"));
    }
  }

  private static int put(byte[] bytes, byte[] b, int p) {
    System.arraycopy(bytes, 0, b, p, bytes.length);
    return p + bytes.length;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
