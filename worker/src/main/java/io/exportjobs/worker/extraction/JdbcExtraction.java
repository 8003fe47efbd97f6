package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.ReadCancel;
import io.exportjobs.shared.ledger.RecordedEntry;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The portable path (H2, or PostgreSQL when COPY is turned off): {@link LedgerStore#streamRecorded}
 * with a forward-only cursor on a reader thread, entries handed over in batches of {@value #BATCH}
 * (at most {@value #QUEUED} waiting), written by {@link EntryWriter} through a 64 KiB buffer. The
 * writer heartbeats while no batch comes; when it stops first (a cancellation), it cancels the
 * reader's statement through a {@link ReadCancel}, so a read waiting on the database does not keep
 * the activity from ending.
 */
final class JdbcExtraction implements ExtractionPath {

  static final int BATCH = 512;
  static final int QUEUED = 8;

  private final LedgerStore ledger;

  JdbcExtraction(LedgerStore ledger) {
    this.ledger = ledger;
  }

  @Override
  public long write(
      String name,
      LedgerQuery query,
      ExportFormat format,
      StagingFile file,
      long entriesBefore,
      Checkpoints checkpoints)
      throws Exception {
    OutputStream out = new BufferedOutputStream(file.asStream(), 1 << 16);
    EntryWriter writer = EntryWriter.forFormat(format);
    writer.begin(out, entriesBefore);
    checkpoints.writingTo(
        () -> {
          writer.flush();
          out.flush();
          return file.length();
        });
    ReadCancel cancel = new ReadCancel();
    ReadAhead.<List<RecordedEntry>>run(
        name,
        QUEUED,
        hand -> {
          var filling =
              new Object() {
                List<RecordedEntry> batch = new ArrayList<>(BATCH);
              };
          ledger.streamRecorded(
              query,
              entry -> {
                filling.batch.add(entry);
                if (filling.batch.size() == BATCH) {
                  hand.accept(filling.batch);
                  filling.batch = new ArrayList<>(BATCH);
                }
              },
              cancel);
          if (!filling.batch.isEmpty()) {
            hand.accept(filling.batch);
          }
        },
        batch -> {
          for (RecordedEntry entry : batch) {
            writer.write(entry);
            checkpoints.entryWritten(entry.seq());
          }
        },
        checkpoints::checkpointNow,
        cancel::cancel);
    writer.end();
    out.flush();
    return file.length();
  }
}
