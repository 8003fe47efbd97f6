package io.exportjobs.pack.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exportjobs.pack.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 canonical JSON of a parsed tree, written directly for the values ledger entries hold
 * (strings, booleans, null, integers below 2^53, arrays, objects) — several times faster than a
 * serialise-and-reparse, which matters for a million entries. Anything else (fractions, larger
 * numbers) goes through the reference implementation, so the bytes are always RFC 8785's.
 */
final class Jcs {

  private static final long SAFE_INTEGER = 1L << 53;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Jcs() {}

  /** The canonical UTF-8 bytes of {@code object} without the {@code left out} fields. */
  static byte[] canonicalWithout(ObjectNode object, String... leftOut) {
    StringBuilder out = new StringBuilder(512);
    if (writeObject(out, object, Set.of(leftOut))) {
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
    ObjectNode copy = object.deepCopy();
    copy.remove(List.of(leftOut));
    try {
      return new JsonCanonicalizer(Json.mapper().writeValueAsBytes(copy)).getEncodedUTF8();
    } catch (IOException e) {
      return null;
    }
  }

  /** False when the tree holds a value this fast path does not write. */
  private static boolean write(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case STRING -> writeString(out, node.textValue());
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      case NUMBER -> {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
          return false;
        }
        long v = node.longValue();
        if (v >= SAFE_INTEGER || v <= -SAFE_INTEGER) {
          return false;
        }
        out.append(v);
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          if (!write(out, node.get(i))) {
            return false;
          }
        }
        out.append(']');
      }
      case OBJECT -> {
        return writeObject(out, (ObjectNode) node, Set.of());
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static boolean writeObject(StringBuilder out, ObjectNode node, Set<String> leftOut) {
    List<String> names = new ArrayList<>(node.size());
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!leftOut.contains(name)) {
        names.add(name);
      }
    }
    // RFC 8785: property names sorted by their UTF-16 code units, which String.compareTo is
    names.sort(String::compareTo);
    out.append('{');
    boolean first = true;
    for (String name : names) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(out, name);
      out.append(':');
      if (!write(out, node.get(name))) {
        return false;
      }
    }
    out.append('}');
    return true;
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
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
