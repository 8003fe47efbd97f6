package io.exportjobs.pack;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * proof.json: proves a pack's entries against its {@code checkpoint}. The leaves of the span {@code
 * [firstSeq, lastSeq]} are the entries of entries.ndjson and the {@code excluded} leaf hashes; with
 * the compact ranges {@code left} (leaves {@code [0, firstSeq - 1)}) and {@code right} (leaves
 * {@code [lastSeq, treeSize)}) they rebuild the checkpoint's root. An empty span has {@code lastSeq
 * = firstSeq - 1}.
 *
 * @param boundary the entries just outside the span, for {@code recorded} ranges; else null
 * @param previous the previous run's checkpoint and the consistency proof to this one (incremental
 *     schedule runs); else null
 * @param complete whether the pack proves that it holds every entry of its range
 */
public record PackProof(
    long treeSize,
    long firstSeq,
    long lastSeq,
    List<byte[]> left,
    List<byte[]> right,
    List<Excluded> excluded,
    Boundary boundary,
    Previous previous,
    boolean complete) {

  public PackProof {
    if (treeSize < 0 || firstSeq < 1 || lastSeq < firstSeq - 1 || lastSeq > treeSize) {
      throw new IllegalArgumentException(
          "span [" + firstSeq + ", " + lastSeq + "] is not in a tree of size " + treeSize);
    }
    left = List.copyOf(left);
    right = List.copyOf(right);
    excluded = List.copyOf(excluded);
  }

  /** A leaf of the span that is not in entries.ndjson. */
  public record Excluded(long seq, byte[] leafHash) {}

  /**
   * An entry next to the span with its inclusion proof in the checkpoint's tree.
   *
   * @param inclusion RFC 9162 inclusion path of leaf {@code entry.seq() - 1}
   */
  public record BoundaryEntry(LedgerEntry entry, List<byte[]> inclusion) {}

  /** {@code before} is entry {@code firstSeq - 1}, {@code after} entry {@code lastSeq + 1}. */
  public record Boundary(BoundaryEntry before, BoundaryEntry after) {}

  /** The previous run's signed checkpoint and the consistency proof from it to this pack's. */
  public record Previous(String checkpoint, List<byte[]> consistency) {}

  /** proof.json's bytes: RFC 8785 canonical JSON, hashes in base64. */
  public byte[] toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("treeSize", treeSize);
    json.put("span", Map.of("firstSeq", firstSeq, "lastSeq", lastSeq));
    json.put("left", base64(left));
    json.put("right", base64(right));
    List<Object> ex = new ArrayList<>();
    for (Excluded e : excluded) {
      ex.add(Map.of("seq", e.seq(), "leafHash", base64(e.leafHash())));
    }
    json.put("excluded", ex);
    if (boundary == null) {
      json.put("boundary", null);
    } else {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("before", boundaryJson(boundary.before()));
      b.put("after", boundaryJson(boundary.after()));
      json.put("boundary", b);
    }
    json.put(
        "previous",
        previous == null
            ? null
            : Map.of(
                "checkpoint",
                previous.checkpoint(),
                "consistency",
                base64(previous.consistency())));
    json.put("complete", complete);
    return Json.canonical(json);
  }

  private static Object boundaryJson(BoundaryEntry b) {
    if (b == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entry", Json.mapper().convertValue(b.entry(), Map.class));
    m.put("inclusion", base64(b.inclusion()));
    return m;
  }

  static List<String> base64(List<byte[]> hashes) {
    return hashes.stream().map(PackProof::base64).toList();
  }

  static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
