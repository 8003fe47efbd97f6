package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import java.io.IOException;

/**
 * The fast path's counterpart of {@link EntryWriter}: writes rows of a binary COPY in one export
 * format, byte for byte what the {@link EntryWriter} of that format writes for the same entries,
 * and resumes a file the same way (no second header, the right separator).
 */
interface RowEncoder {

  void begin(OutputBuffer out, long entriesBefore) throws IOException;

  void write(CopyRow row) throws IOException;

  void end() throws IOException;

  static RowEncoder forFormat(ExportFormat format) {
    return switch (format) {
      case NDJSON -> new JsonRowEncoder(false);
      case CSV -> new CsvRowEncoder();
      case JSON -> new JsonRowEncoder(true);
      default ->
          throw new IllegalArgumentException("format " + format.wire() + " is not a ledger format");
    };
  }
}
