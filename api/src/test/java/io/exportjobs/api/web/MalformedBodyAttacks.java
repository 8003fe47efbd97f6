package io.exportjobs.api.web;

import static io.exportjobs.api.testing.RealHttpTestSupport.asTenant;
import static io.exportjobs.api.testing.RealHttpTestSupport.key;
import static io.exportjobs.api.web.Attack.BODY_PATHS;
import static io.exportjobs.api.web.Attack.attack;
import static io.exportjobs.api.web.Attack.jsonWith;
import static io.exportjobs.api.web.Attack.percent;

import java.util.ArrayList;
import java.util.List;

/**
 * Bodies that are not what a body should be: malformed, deeply nested, huge, badly encoded JSON.
 */
final class MalformedBodyAttacks {

  private static final String T = Attack.TENANT;

  private MalformedBodyAttacks() {}

  static List<Attack> list(String jobId) {
    List<Attack> list = new ArrayList<>();
    String[] admin = asTenant(T, "Content-Type", "application/json");
    // malformed JSON, to every call that takes a body
    List<String> malformed =
        List.of(
            "{",
            "}",
            "[",
            "{\"type\":",
            "{\"type\":\"ledger\",}",
            "{'type':'ledger'}",
            "{type: ledger}",
            "{\"type\":\"ledger\"}{\"type\":\"ledger\"}",
            "{\"type\":\"ledger\" /* comment */}",
            "{\"range\":{\"from\":NaN}}",
            "{\"range\":{\"from\":Infinity}}",
            "\"just a string\"",
            "12345",
            "null",
            "true",
            "{\"entries\":[{\"occurredAt\":}]}",
            "{\"entries\": \"all\"}",
            "{\"entries\": [null, 1, \"x\"]}",
            "\uFEFF{\"type\":\"ledger\"}",
            "{\"type\":\"\\uD800\"}",
            "{\"type\":\"\\u0000\"}",
            "{\"labels\":{\"\\u0000\":\"x\"}}",
            "{\"cron\":\"\\\"; DROP TABLE x; --\",\"window\":\"P1D\"}");
    for (String path : BODY_PATHS) {
      for (String body : malformed) {
        list.add(attack("malformed json", "POST", path, body, admin));
      }
    }
    for (String body : List.of("{", "[]", "\"P90D\"", "{\"retention\":[\"P90D\"]}", "null")) {
      list.add(attack("malformed patch", "PATCH", "/api/v1/exports/" + jobId, body, admin));
    }
    list.add(
        attack(
            "malformed backfill",
            "POST",
            "/api/v1/export-schedules/nightly/backfill",
            "{\"from\":\"yesterday\"}",
            admin));
    // deeply nested
    for (int depth : new int[] {600, 5_000, 100_000}) {
      String arrays = "[".repeat(depth) + "]".repeat(depth);
      String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
      for (String path : BODY_PATHS) {
        list.add(attack("nested arrays " + depth, "POST", path, arrays, admin));
        list.add(attack("nested objects " + depth, "POST", path, objects, admin));
      }
      list.add(
          attack(
              "nested attributes " + depth,
              "POST",
              "/api/v1/ledger/entries",
              "{\"entries\":[{\"occurredAt\":\"2026-10-01T08:00:00Z\",\"actor\":\"a\","
                  + "\"action\":\"b\",\"resource\":\"c\",\"outcome\":\"success\",\"attributes\":"
                  + objects
                  + "}]}",
              admin));
      list.add(
          attack(
              "nested labels " + depth,
              "POST",
              "/api/v1/exports",
              "{\"type\":\"ledger\",\"labels\":" + objects + "}",
              admin));
    }
    // huge strings and arrays
    String huge = "x".repeat(900_000);
    list.add(attack("huge type", "POST", "/api/v1/exports", "{\"type\":\"" + huge + "\"}", admin));
    list.add(
        attack(
            "huge label",
            "POST",
            "/api/v1/exports",
            "{\"type\":\"ledger\",\"labels\":{\"a\":\"" + huge + "\"}}",
            admin));
    list.add(
        attack(
            "huge body", "POST", "/api/v1/exports", "{\"type\":\"" + huge + huge + "\"}", admin));
    list.add(
        attack(
            "huge ledger actor",
            "POST",
            "/api/v1/ledger/entries",
            "{\"entries\":[{\"occurredAt\":\"2026-10-01T08:00:00Z\",\"actor\":\""
                + huge
                + "\",\"action\":\"b\",\"resource\":\"c\",\"outcome\":\"success\"}]}",
            admin));
    String numbers = "[" + "1,".repeat(150_000) + "1]";
    list.add(
        attack(
            "huge array of numbers",
            "POST",
            "/api/v1/exports",
            "{\"type\":\"ledger\",\"filters\":{\"actors\":" + numbers + "}}",
            admin));
    list.add(
        attack(
            "too many entries",
            "POST",
            "/api/v1/ledger/entries",
            "{\"entries\":[" + "{},".repeat(10_001) + "{}]}",
            admin));
    list.add(
        attack(
            "too many filter values",
            "POST",
            "/api/v1/exports",
            "{\"type\":\"ledger\",\"range\":{\"from\":\"2026-10-01T00:00:00Z\",\"to\":"
                + "\"2026-10-02T00:00:00Z\"},\"filters\":{\"actors\":["
                + "\"a\",".repeat(500)
                + "\"a\"]}}",
            admin));
    list.add(
        attack("huge query", "GET", "/api/v1/exports?label=a:" + "b".repeat(7_000), null, admin));
    list.add(attack("huge header", "GET", "/api/v1/exports", null, key("k".repeat(20_000))));
    // invalid UTF-8 and unicode
    byte[][] invalidUtf8 = {
      {(byte) 0xC3, (byte) 0x28},
      {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    };
    for (byte[] bad : invalidUtf8) {
      for (String path : BODY_PATHS) {
        list.add(new Attack("invalid utf-8", "POST", path, jsonWith(bad), admin));
      }
      list.add(
          new Attack(
              "invalid utf-8 in query",
              "GET",
              "/api/v1/ledger/entries?actor=" + percent(bad),
              null,
              admin));
      list.add(
          new Attack("invalid utf-8 in id", "GET", "/api/v1/exports/" + percent(bad), null, admin));
    }
    return list;
  }
}
