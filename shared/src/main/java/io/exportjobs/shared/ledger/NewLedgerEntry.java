package io.exportjobs.shared.ledger;

import io.exportjobs.pack.ledger.Outcome;
import java.time.Instant;
import java.util.Map;

/**
 * An entry to append. {@code eventKey}, when set, makes the append idempotent: a second append with
 * the same key for the same tenant is skipped (used for the service's own audit events, whose
 * activities may be retried).
 */
public record NewLedgerEntry(
    Instant occurredAt,
    String actor,
    String action,
    String resource,
    Outcome outcome,
    Map<String, Object> attributes,
    String eventKey) {

  public NewLedgerEntry {
    attributes = attributes == null ? Map.of() : attributes;
  }

  public NewLedgerEntry(
      Instant occurredAt,
      String actor,
      String action,
      String resource,
      Outcome outcome,
      Map<String, Object> attributes) {
    this(occurredAt, actor, action, resource, outcome, attributes, null);
  }
}
