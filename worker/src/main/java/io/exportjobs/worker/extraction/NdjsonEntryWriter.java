package io.exportjobs.worker.extraction;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.exportjobs.shared.json.Json;
import io.exportjobs.shared.ledger.LedgerEntry;
import java.io.IOException;
import java.io.OutputStream;

/** One entry per line, {@code \n} after each, UTF-8. */
final class NdjsonEntryWriter implements EntryWriter {

  private static final ObjectWriter WRITER = Json.mapper().writerFor(LedgerEntry.class);
  private OutputStream out;

  @Override
  public void begin(OutputStream out, long entriesBefore) {
    this.out = out;
  }

  @Override
  public void write(LedgerEntry entry) throws IOException {
    out.write(WRITER.writeValueAsBytes(entry));
    out.write('\n');
  }

  @Override
  public void end() {}
}
