package io.exportjobs.shared.ledger;

import io.exportjobs.pack.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract's chain rule, written again without any main code: RFC 8785 canonical JSON for the
 * values the tests use (strings, integers, booleans, null, arrays, objects; keys sorted by UTF-16
 * code units, no whitespace), then {@code SHA-256(utf8(prevHash) ‖ canonical)}.
 */
final class IndependentChain {

  static final String GENESIS =
      "sha256:0000000000000000000000000000000000000000000000000000000000000000";

  private IndependentChain() {}

  static String hash(
      String prevHash,
      long seq,
      Instant occurredAt,
      Instant recordedAt,
      String actor,
      String action,
      String resource,
      String outcome,
      Map<String, ?> attributes) {
    Map<String, Object> body = new TreeMap<>();
    body.put("seq", seq);
    body.put("occurredAt", DateTimeFormatter.ISO_INSTANT.format(occurredAt));
    body.put("recordedAt", DateTimeFormatter.ISO_INSTANT.format(recordedAt));
    body.put("actor", actor);
    body.put("action", action);
    body.put("resource", resource);
    body.put("outcome", outcome);
    body.put("attributes", attributes);
    return sha256(prevHash, canonical(body));
  }

  static String hashOf(LedgerEntry e) {
    return hash(
        e.prevHash(),
        e.seq(),
        e.occurredAt(),
        e.recordedAt(),
        e.actor(),
        e.action(),
        e.resource(),
        e.outcome().name().toLowerCase(java.util.Locale.ROOT),
        e.attributes());
  }

  static String sha256(String prevHash, String canonicalBody) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(prevHash.getBytes(StandardCharsets.UTF_8));
      md.update(canonicalBody.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String canonical(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put((String) k, v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(out, e.getKey());
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("test canonicaliser does not handle " + value.getClass());
    }
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
