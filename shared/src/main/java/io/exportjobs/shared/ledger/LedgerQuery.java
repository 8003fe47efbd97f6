package io.exportjobs.shared.ledger;

import io.exportjobs.shared.export.ExportFilters;
import java.time.Instant;

/**
 * Which entries to read: {@code occurredAt} in {@code [from, to)} (either bound may be null for
 * open), matching the filters, with {@code seq > afterSeq}, in seq order.
 */
public record LedgerQuery(
    String tenant, Instant from, Instant to, ExportFilters filters, long afterSeq) {

  public LedgerQuery {
    filters = filters == null ? ExportFilters.none() : filters;
  }

  public LedgerQuery after(long seq) {
    return new LedgerQuery(tenant, from, to, filters, seq);
  }
}
