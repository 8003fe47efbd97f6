package io.exportjobs.api.ledger;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /ledger/entries}. */
@Schema(name = "AppendEntriesRequest")
record AppendEntriesBody(List<Entry> entries) {

  @Schema(name = "NewLedgerEntry")
  record Entry(
      Instant occurredAt,
      String actor,
      String action,
      String resource,
      String outcome,
      Map<String, Object> attributes) {}
}
