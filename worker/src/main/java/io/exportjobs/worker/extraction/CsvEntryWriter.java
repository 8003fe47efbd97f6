package io.exportjobs.worker.extraction;

import io.exportjobs.pack.json.Timestamps;
import io.exportjobs.shared.ledger.RecordedEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV with a header row; {@code attributes} is its canonical JSON. Values are written as
 * recorded (no spreadsheet-formula escaping), so that the chain can be recomputed from the file.
 */
final class CsvEntryWriter implements EntryWriter {

  static final String HEADER =
      "seq,occurredAt,recordedAt,actor,action,resource,outcome,attributes,prevHash,hash\r\n";

  private OutputStream out;

  @Override
  public void begin(OutputStream out, long entriesBefore) throws IOException {
    this.out = out;
    if (entriesBefore == 0) {
      out.write(HEADER.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void write(RecordedEntry e) throws IOException {
    StringBuilder line = new StringBuilder(256);
    line.append(e.seq()).append(',');
    line.append(Timestamps.format(e.occurredAt())).append(',');
    line.append(Timestamps.format(e.recordedAt())).append(',');
    field(line, e.actor()).append(',');
    field(line, e.action()).append(',');
    field(line, e.resource()).append(',');
    line.append(e.outcome().wire()).append(',');
    field(line, e.attributesJson()).append(',');
    line.append(e.prevHash()).append(',');
    line.append(e.hash()).append("\r\n");
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static StringBuilder field(StringBuilder line, String value) {
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    if (!quote) {
      return line.append(value);
    }
    return line.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  @Override
  public void flush() {}

  @Override
  public void end() {}
}
