package io.exportjobs.api.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /ledger/entries}. */
record AppendEntriesBody(List<Entry> entries) {

  record Entry(
      Instant occurredAt,
      String actor,
      String action,
      String resource,
      String outcome,
      Map<String, Object> attributes) {}
}
