package io.exportjobs.worker.extraction;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import java.time.Instant;

/**
 * Which ledger entries a job exports. A {@code ledger} export reads its range as the ledger holds
 * it when the attempt runs. Evidence packs and audit reports are pinned to the chain as it was
 * recorded before the job was created, and a snapshot to the chain recorded before {@code range.to}
 * (or the job's creation, if earlier): every attempt reads the same entries, so a retry gives the
 * same bytes, and the job's own audit entries never end up in its pack.
 *
 * @param pin the entry the export is pinned to; null for {@code ledger} exports
 */
public record ExportSelection(LedgerQuery query, ChainHead pin) {

  public static ExportSelection of(LedgerStore ledger, ExportRequest request) {
    LedgerQuery range =
        new LedgerQuery(
            request.tenant(), request.range().from(), request.range().to(), request.filters(), 0);
    return switch (request.type()) {
      case LEDGER -> new ExportSelection(range, null);
      case EVIDENCE_PACK, AUDIT_REPORT -> {
        ChainHead pin = ledger.headAsOf(request.tenant(), request.createdAt());
        yield new ExportSelection(range.upTo(pin.seq()), pin);
      }
      case SNAPSHOT -> {
        Instant to = request.range().to();
        Instant before = to.isBefore(request.createdAt()) ? to : request.createdAt();
        ChainHead pin = ledger.headAsOf(request.tenant(), before);
        LedgerQuery whole =
            new LedgerQuery(request.tenant(), null, null, ExportFilters.none(), 0).upTo(pin.seq());
        yield new ExportSelection(whole, pin);
      }
    };
  }

  /** Whether the entries are staged as entries.ndjson for a later build step. */
  public static boolean built(ExportType type) {
    return type != ExportType.LEDGER;
  }
}
