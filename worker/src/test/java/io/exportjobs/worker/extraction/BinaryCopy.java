package io.exportjobs.worker.extraction;

import io.exportjobs.shared.ledger.RecordedEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What PostgreSQL sends for {@code COPY (SELECT <the export columns>) TO STDOUT (FORMAT binary)},
 * one CopyData message per row with the header in the first, built here from entries so that the
 * fast path's encoders can be compared with the JDBC path's writers without a server. The layout is
 * PostgreSQL's documented binary format: big-endian, timestamps as microseconds since
 * 2000-01-01T00:00:00Z, text as UTF-8.
 */
final class BinaryCopy {

  private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

  private BinaryCopy() {}

  /** The messages of a COPY of {@code entries}: header + first row, one per row, the trailer. */
  static List<byte[]> messages(List<RecordedEntry> entries) {
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      boolean first = i == 0;
      RecordedEntry entry = entries.get(i);
      messages.add(
          message(
              out -> {
                if (first) {
                  header(out);
                }
                row(out, entry);
              }));
    }
    messages.add(
        message(
            out -> {
              if (entries.isEmpty()) {
                header(out);
              }
              out.writeShort(-1);
            }));
    return messages;
  }

  private interface Content {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] message(Content content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      content.write(new DataOutputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void header(DataOutputStream out) throws IOException {
    out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0});
    out.writeInt(0);
    out.writeInt(0);
  }

  private static void row(DataOutputStream out, RecordedEntry e) throws IOException {
    out.writeShort(10);
    out.writeInt(8);
    out.writeLong(e.seq());
    timestamp(out, e.occurredAt());
    timestamp(out, e.recordedAt());
    text(out, e.actor());
    text(out, e.action());
    text(out, e.resource());
    text(out, e.outcome().wire());
    text(out, e.attributesJson());
    text(out, e.prevHash());
    text(out, e.hash());
  }

  static long postgresMicros(Instant t) {
    return (t.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + t.getNano() / 1_000;
  }

  private static void timestamp(DataOutputStream out, Instant t) throws IOException {
    out.writeInt(8);
    out.writeLong(postgresMicros(t));
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
