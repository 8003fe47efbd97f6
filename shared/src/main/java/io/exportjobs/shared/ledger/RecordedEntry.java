package io.exportjobs.shared.ledger;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import java.time.Instant;

/**
 * A ledger row as stored, with {@code attributes} still as its canonical JSON text: exports write
 * it through unparsed, which is both faster and exactly the bytes the hash covers.
 */
public record RecordedEntry(
    long seq,
    Instant occurredAt,
    Instant recordedAt,
    String actor,
    String action,
    String resource,
    Outcome outcome,
    String attributesJson,
    String prevHash,
    String hash) {

  public LedgerEntry toEntry() {
    return new LedgerEntry(
        seq,
        occurredAt,
        recordedAt,
        actor,
        action,
        resource,
        outcome,
        Json.readObject(attributesJson),
        prevHash,
        hash);
  }
}
