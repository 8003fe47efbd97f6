package io.exportjobs.pack.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.PackType;
import java.time.Instant;

/**
 * The figures of a statement's predicate that entries.ndjson is checked against. The range is on
 * seq when {@code fromSeq} is set, else on recordedAt ({@code recorded}) or occurredAt.
 */
record StatementPredicate(
    String tenant,
    boolean snapshot,
    boolean filtered,
    Instant from,
    Instant to,
    boolean recorded,
    Long fromSeq,
    Long toSeq,
    long entryCount,
    Long firstSeq,
    Long lastSeq,
    long headSeq,
    String headHash) {

  /**
   * @throws RuntimeException with a message naming the field when the predicate is malformed
   */
  static StatementPredicate of(JsonNode p) {
    String type = text(p, "type");
    boolean snapshot = type.equals(PackType.SNAPSHOT.wire());
    if (!snapshot && !type.equals(PackType.EVIDENCE_PACK.wire())) {
      throw new IllegalArgumentException("type is neither evidence_pack nor snapshot");
    }
    JsonNode range = p.path("range");
    Instant from = range.hasNonNull("from") ? Instant.parse(text(range, "from")) : null;
    Instant to = range.hasNonNull("to") ? Instant.parse(text(range, "to")) : null;
    if (snapshot && from != null) {
      throw new IllegalArgumentException("a snapshot's range has no 'from'");
    }
    JsonNode head = p.path("ledgerHead");
    boolean filtered = false;
    for (JsonNode list : p.path("filters")) {
      filtered |= list.size() > 0;
    }
    return new StatementPredicate(
        text(p, "tenant"),
        snapshot,
        filtered,
        from,
        to,
        "recorded".equals(range.path("basis").textValue()),
        range.has("fromSeq") ? number(range, "fromSeq") : null,
        range.has("toSeq") ? number(range, "toSeq") : null,
        number(p, "entryCount"),
        p.path("firstSeq").isNull() ? null : number(p, "firstSeq"),
        p.path("lastSeq").isNull() ? null : number(p, "lastSeq"),
        number(head, "seq"),
        text(head, "hash"));
  }

  boolean seqRange() {
    return fromSeq != null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return v.textValue();
  }

  private static long number(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(field + " is missing or not an integer");
    }
    return v.longValue();
  }
}
