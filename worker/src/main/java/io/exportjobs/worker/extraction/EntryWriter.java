package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.ledger.RecordedEntry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes ledger entries in one export format. A writer can resume a file that already holds {@code
 * entriesBefore} entries: it then writes no header and continues the sequence.
 */
interface EntryWriter {

  void begin(OutputStream out, long entriesBefore) throws IOException;

  void write(RecordedEntry entry) throws IOException;

  /** Pushes everything written so far to the stream given to {@link #begin}. */
  void flush() throws IOException;

  void end() throws IOException;

  static EntryWriter forFormat(ExportFormat format) {
    return switch (format) {
      case NDJSON -> new JsonEntryWriter(false);
      case CSV -> new CsvEntryWriter();
      case JSON -> new JsonEntryWriter(true);
      default ->
          throw new IllegalArgumentException("format " + format.wire() + " is not a ledger format");
    };
  }
}
