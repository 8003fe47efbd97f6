package io.exportjobs.worker.extraction;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.exportjobs.shared.json.Json;
import io.exportjobs.shared.ledger.LedgerEntry;
import java.io.IOException;
import java.io.OutputStream;

/** A JSON array of entries, one per line for readability: {@code [\n{…},\n{…}\n]\n}. */
final class JsonArrayEntryWriter implements EntryWriter {

  private static final ObjectWriter WRITER = Json.mapper().writerFor(LedgerEntry.class);
  private OutputStream out;
  private long written;

  @Override
  public void begin(OutputStream out, long entriesBefore) throws IOException {
    this.out = out;
    this.written = entriesBefore;
    if (entriesBefore == 0) {
      out.write('[');
    }
  }

  @Override
  public void write(LedgerEntry entry) throws IOException {
    out.write(written == 0 ? '\n' : ',');
    if (written > 0) {
      out.write('\n');
    }
    out.write(WRITER.writeValueAsBytes(entry));
    written++;
  }

  @Override
  public void end() throws IOException {
    out.write('\n');
    out.write(']');
    out.write('\n');
  }
}
