package io.exportjobs.api.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request of the hostile-input suite, and what the lists of them are built with. */
record Attack(String name, String method, String path, byte[] body, String[] headers) {

  /** The tenant the suite attacks as. */
  static final String TENANT = "hostile";

  static final String[] BODY_PATHS = {
    "/api/v1/exports", "/api/v1/ledger/entries", "/api/v1/export-schedules"
  };

  static Attack attack(String name, String method, String path, String body, String[] h) {
    return new Attack(
        name, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), h);
  }

  static byte[] jsonWith(byte[] bad) {
    byte[] head = "{\"type\":\"ledger\",\"labels\":{\"a\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
    return all;
  }

  static String percent(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append('%').append(String.format("%02X", b & 0xFF));
    }
    return s.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A JSON string literal, escaped as a careful client would. */
  static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  @SuppressWarnings("unused")
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
