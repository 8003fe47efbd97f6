package io.exportjobs.worker.extraction;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.LedgerPin;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import java.time.Instant;

/**
 * Which ledger entries a job exports, as its type's {@link LedgerPin} says. A {@code NONE} type (a
 * {@code ledger} export) of a time range reads it as the ledger holds it when the attempt runs. An
 * {@code AT_CREATION} type (evidence packs, audit reports) reads the chain as it was recorded
 * before the job was created, and a {@code WHOLE_LEDGER_AT_RANGE_END} type (a snapshot) the chain
 * recorded before {@code range.to} (or the job's creation, if earlier): every attempt reads the
 * same entries, so a retry gives the same bytes, and the job's own audit entries never end up in
 * its pack. A seq range without {@code toSeq} ends at the head recorded before the job's creation,
 * for every type.
 *
 * @param pin the entry the export is pinned to; null for unpinned exports of time ranges
 */
public record ExportSelection(LedgerQuery query, ChainHead pin) {

  public static ExportSelection of(LedgerStore ledger, ExportRequest request) {
    TimeRange r = request.range();
    String tenant = request.tenant();
    if (request.type().ledgerPin() == LedgerPin.WHOLE_LEDGER_AT_RANGE_END) {
      ChainHead pin;
      if (r.isSeq()) {
        ChainHead head = ledger.headAsOf(tenant, request.createdAt());
        pin = r.toSeq() == null || r.toSeq() - 1 >= head.seq() ? head : at(ledger, tenant, r);
      } else {
        Instant before = r.to().isBefore(request.createdAt()) ? r.to() : request.createdAt();
        pin = ledger.headAsOf(tenant, before);
      }
      LedgerQuery whole =
          new LedgerQuery(tenant, null, null, ExportFilters.none(), 0).upTo(pin.seq());
      return new ExportSelection(whole, pin);
    }
    LedgerQuery range =
        r.isSeq()
            ? new LedgerQuery(
                tenant,
                null,
                null,
                request.filters(),
                r.firstSeq() - 1,
                r.toSeq() == null ? Long.MAX_VALUE : r.toSeq() - 1)
            : new LedgerQuery(
                tenant, r.from(), r.to(), request.filters(), 0, Long.MAX_VALUE, r.isRecorded());
    boolean pinned =
        request.type().ledgerPin() != LedgerPin.NONE || (r.isSeq() && r.toSeq() == null);
    if (!pinned) {
      return new ExportSelection(range, null);
    }
    ChainHead pin = ledger.headAsOf(tenant, request.createdAt());
    return new ExportSelection(range.upTo(pin.seq()), pin);
  }

  /** The entry just before {@code toSeq}: a snapshot of a seq range ends there. */
  private static ChainHead at(LedgerStore ledger, String tenant, TimeRange r) {
    long seq = r.toSeq() - 1;
    return ledger
        .find(tenant, seq)
        .map(e -> new ChainHead(e.seq(), e.hash()))
        .orElseThrow(() -> new IllegalStateException("no entry " + seq + " below the head"));
  }
}
