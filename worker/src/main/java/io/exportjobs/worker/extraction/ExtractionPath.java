package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.ledger.LedgerQuery;

/**
 * One way of moving a job's entries from the ledger into its staging file: JDBC rows through {@link
 * EntryWriter} (any database), or PostgreSQL's binary COPY through {@link RowEncoder}. Both write
 * the same bytes.
 */
interface ExtractionPath {

  /**
   * Writes every entry of {@code query} in {@code format} to {@code file}, which goes on after the
   * {@code entriesBefore} entries that the file holds already, and reports each entry to {@code
   * checkpoints}. Answers the file's length once everything is in it.
   */
  long write(
      String name,
      LedgerQuery query,
      ExportFormat format,
      StagingFile file,
      long entriesBefore,
      Checkpoints checkpoints)
      throws Exception;
}
