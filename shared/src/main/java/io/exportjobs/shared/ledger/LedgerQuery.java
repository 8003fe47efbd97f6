package io.exportjobs.shared.ledger;

import io.exportjobs.shared.export.ExportFilters;
import java.time.Instant;

/**
 * Which entries to read: {@code occurredAt} (or, {@code recorded}, {@code recordedAt}) in {@code
 * [from, to)} (either bound may be null for open), matching the filters, with {@code afterSeq < seq
 * <= maxSeq}, in seq order.
 */
public record LedgerQuery(
    String tenant,
    Instant from,
    Instant to,
    ExportFilters filters,
    long afterSeq,
    long maxSeq,
    boolean recorded) {

  public LedgerQuery {
    filters = filters == null ? ExportFilters.none() : filters;
  }

  public LedgerQuery(
      String tenant, Instant from, Instant to, ExportFilters filters, long afterSeq, long maxSeq) {
    this(tenant, from, to, filters, afterSeq, maxSeq, false);
  }

  public LedgerQuery(
      String tenant, Instant from, Instant to, ExportFilters filters, long afterSeq) {
    this(tenant, from, to, filters, afterSeq, Long.MAX_VALUE, false);
  }

  /** Only entries after {@code seq} (and after this query's own lower bound). */
  public LedgerQuery after(long seq) {
    return new LedgerQuery(tenant, from, to, filters, Math.max(afterSeq, seq), maxSeq, recorded);
  }

  /** Only entries up to {@code seq}: an export pinned to the chain as it was at one moment. */
  public LedgerQuery upTo(long seq) {
    return new LedgerQuery(tenant, from, to, filters, afterSeq, Math.min(maxSeq, seq), recorded);
  }
}
