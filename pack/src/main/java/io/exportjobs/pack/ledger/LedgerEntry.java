package io.exportjobs.pack.ledger;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/** One recorded ledger entry, exactly as the API serves it and as exports write it. */
@JsonPropertyOrder({
  "seq",
  "occurredAt",
  "recordedAt",
  "actor",
  "action",
  "resource",
  "outcome",
  "attributes",
  "prevHash",
  "hash"
})
public record LedgerEntry(
    long seq,
    Instant occurredAt,
    Instant recordedAt,
    String actor,
    String action,
    String resource,
    Outcome outcome,
    Map<String, Object> attributes,
    String prevHash,
    String hash) {}
