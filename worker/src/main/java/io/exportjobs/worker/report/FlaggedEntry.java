package io.exportjobs.worker.report;

import io.exportjobs.pack.ledger.Outcome;
import java.time.Instant;

/** A failure or a denial, as the report lists it (attributes are left out on purpose). */
public record FlaggedEntry(
    long seq, Instant occurredAt, String actor, String action, String resource, Outcome outcome) {}
