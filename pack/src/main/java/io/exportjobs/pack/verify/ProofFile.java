package io.exportjobs.pack.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * proof.json as the verifier reads it: strictly (no repeated keys, every field typed), boundary
 * entries kept as JSON objects so that their hashes are recomputed from exactly what is written.
 */
record ProofFile(
    long treeSize,
    long firstSeq,
    long lastSeq,
    List<byte[]> left,
    List<byte[]> right,
    List<Long> excludedSeqs,
    List<byte[]> excludedLeaves,
    Bounded before,
    Bounded after,
    String previousCheckpoint,
    List<byte[]> previousConsistency,
    boolean complete) {

  /** An entry next to the span and its inclusion proof. */
  record Bounded(ObjectNode entry, List<byte[]> inclusion) {}

  /**
   * @throws IllegalArgumentException naming the field that is wrong
   */
  static ProofFile parse(byte[] bytes) {
    JsonNode root;
    try {
      root = StrictJson.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("is not a JSON object");
    }
    JsonNode span = root.path("span");
    List<Long> seqs = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    for (JsonNode x : array(root, "excluded")) {
      seqs.add(number(x, "seq"));
      leaves.add(hash(x.path("leafHash"), "excluded leafHash"));
    }
    JsonNode boundary = root.path("boundary");
    Bounded before = null;
    Bounded after = null;
    if (!boundary.isMissingNode() && !boundary.isNull()) {
      before = bounded(boundary.path("before"), "boundary.before");
      after = bounded(boundary.path("after"), "boundary.after");
    }
    JsonNode previous = root.path("previous");
    String previousCheckpoint = null;
    List<byte[]> consistency = List.of();
    if (!previous.isMissingNode() && !previous.isNull()) {
      if (!previous.path("checkpoint").isTextual()) {
        throw new IllegalArgumentException("previous.checkpoint is not a string");
      }
      previousCheckpoint = previous.path("checkpoint").textValue();
      consistency = hashes(previous, "consistency");
    }
    JsonNode complete = root.path("complete");
    if (!complete.isBoolean()) {
      throw new IllegalArgumentException("complete is not true or false");
    }
    return new ProofFile(
        number(root, "treeSize"),
        number(span, "firstSeq"),
        number(span, "lastSeq"),
        hashes(root, "left"),
        hashes(root, "right"),
        seqs,
        leaves,
        before,
        after,
        previousCheckpoint,
        consistency,
        complete.booleanValue());
  }

  private static Bounded bounded(JsonNode node, String name) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!(node.path("entry") instanceof ObjectNode entry)) {
      throw new IllegalArgumentException(name + ".entry is not a JSON object");
    }
    return new Bounded(entry, hashes(node, "inclusion"));
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isArray()) {
      throw new IllegalArgumentException(field + " is missing or not an array");
    }
    return v;
  }

  private static List<byte[]> hashes(JsonNode node, String field) {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode h : array(node, field)) {
      out.add(hash(h, field));
    }
    return out;
  }

  private static byte[] hash(JsonNode node, String field) {
    byte[] bytes = null;
    if (node.isTextual()) {
      try {
        bytes = Base64.getDecoder().decode(node.textValue());
      } catch (IllegalArgumentException e) {
        bytes = null;
      }
    }
    if (bytes == null || bytes.length != 32) {
      throw new IllegalArgumentException(field + " holds a value that is not a base64 SHA-256");
    }
    return bytes;
  }

  private static long number(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw new IllegalArgumentException(field + " is missing or not an integer of at least 0");
    }
    return v.longValue();
  }
}
