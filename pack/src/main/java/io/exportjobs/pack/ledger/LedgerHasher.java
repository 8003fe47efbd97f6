package io.exportjobs.pack.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chain rule of the contract: {@code hash = "sha256:" + hex(SHA-256(utf8(prevHash) ‖
 * JCS(body)))}, where body is the served entry minus {@code hash} and {@code prevHash}. The ledger
 * computes it from an entry's values when it appends; the pack verifier recomputes it from each
 * line of entries.ndjson as written.
 */
public final class LedgerHasher {

  private LedgerHasher() {}

  public static String hash(
      String prevHash,
      long seq,
      java.time.Instant occurredAt,
      java.time.Instant recordedAt,
      String actor,
      String action,
      String resource,
      Outcome outcome,
      Map<String, Object> attributes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("seq", seq);
    body.put("occurredAt", occurredAt.toString());
    body.put("recordedAt", recordedAt.toString());
    body.put("actor", actor);
    body.put("action", action);
    body.put("resource", resource);
    body.put("outcome", outcome.wire());
    body.put("attributes", attributes);
    MessageDigest digest = Digests.sha256();
    digest.update(prevHash.getBytes(StandardCharsets.UTF_8));
    digest.update(Json.canonical(body));
    return "sha256:" + Digests.hex(digest.digest());
  }

  /** Recomputes the hash of a recorded entry from its own fields. */
  public static String recompute(LedgerEntry e) {
    return hash(
        e.prevHash(),
        e.seq(),
        e.occurredAt(),
        e.recordedAt(),
        e.actor(),
        e.action(),
        e.resource(),
        e.outcome(),
        e.attributes());
  }

  /**
   * The hash of a parsed entry (a line of entries.ndjson) by the same rule, on the entry's own
   * values: its fields but {@code hash} and {@code prevHash}, timestamps as the strings they are.
   * Empty when the entry holds a value JSON cannot canonicalise.
   */
  public static String hash(String prevHash, ObjectNode entry) {
    byte[] canonical = Jcs.canonicalWithout(entry, "hash", "prevHash");
    if (canonical == null) {
      return "";
    }
    MessageDigest md = Digests.sha256();
    md.update(prevHash.getBytes(StandardCharsets.UTF_8));
    md.update(canonical);
    return "sha256:" + Digests.hex(md.digest());
  }
}
