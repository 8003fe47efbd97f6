package io.exportjobs.api.web;

import static io.exportjobs.api.testing.RealHttpTestSupport.asTenant;
import static io.exportjobs.api.web.Attack.attack;
import static io.exportjobs.api.web.Attack.enc;
import static io.exportjobs.api.web.Attack.json;

import java.util.ArrayList;
import java.util.List;

/** Hostile ids, file names, filters, labels, page sizes, durations and time zones. */
final class ParameterAttacks {

  private static final String T = Attack.TENANT;

  private ParameterAttacks() {}

  static List<Attack> list(String jobId) {
    List<Attack> list = new ArrayList<>();
    String[] admin = asTenant(T, "Content-Type", "application/json");
    // path traversal in ids and file names
    List<String> traversal =
        List.of(
            "..",
            "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "..%5C..%5Cwindows",
            "exp-demo-..%2F..%2Fartifacts",
            "%2F",
            "%00",
            "exp-hostile-x%00.ndjson",
            "....%2F%2F",
            "%252e%252e%252f",
            "..;",
            ";..",
            "%c0%ae%c0%ae",
            "x".repeat(300),
            "exp-demo-" + "0".repeat(26));
    for (String id : traversal) {
      list.add(attack("traversal id", "GET", "/api/v1/exports/" + id, null, admin));
      list.add(
          attack("traversal artifact", "GET", "/api/v1/exports/" + id + "/artifact", null, admin));
      list.add(attack("traversal cancel", "POST", "/api/v1/exports/" + id + "/cancel", "", admin));
      list.add(
          attack(
              "traversal patch",
              "PATCH",
              "/api/v1/exports/" + id,
              "{\"retention\":\"P1D\"}",
              admin));
      list.add(
          attack("traversal delete", "DELETE", "/api/v1/exports/" + id + "/artifact", null, admin));
      list.add(attack("traversal schedule", "GET", "/api/v1/export-schedules/" + id, null, admin));
      list.add(
          attack(
              "traversal schedule pause",
              "POST",
              "/api/v1/export-schedules/" + id + "/pause",
              "{}",
              admin));
    }
    list.add(
        attack(
            "traversal target",
            "POST",
            "/api/v1/exports",
            "{\"type\":\"ledger\",\"target\":\"../../etc\",\"range\":{\"from\":"
                + "\"2026-10-01T00:00:00Z\",\"to\":\"2026-10-02T00:00:00Z\"}}",
            admin));
    list.add(
        attack(
            "traversal label key",
            "POST",
            "/api/v1/exports",
            "{\"type\":\"ledger\",\"labels\":{\"../../x\":\"y\"},\"range\":{\"from\":"
                + "\"2026-10-01T00:00:00Z\",\"to\":\"2026-10-02T00:00:00Z\"}}",
            admin));
    // SQL metacharacters in filters, labels and query parameters
    List<String> sql =
        List.of(
            "' OR '1'='1",
            "'; DROP TABLE export_jobs; --",
            "\" OR 1=1 --",
            "1; DELETE FROM ledger_entries",
            "%' OR tenant LIKE '%",
            "\\'; SELECT pg_sleep(10); --",
            "ledger' UNION SELECT * FROM ledger_heads --");
    for (String s : sql) {
      String q = enc(s);
      list.add(attack("sql status", "GET", "/api/v1/exports?status=" + q, null, admin));
      list.add(attack("sql type", "GET", "/api/v1/exports?type=" + q, null, admin));
      list.add(attack("sql label", "GET", "/api/v1/exports?label=" + q, null, admin));
      list.add(attack("sql label value", "GET", "/api/v1/exports?label=ticket:" + q, null, admin));
      list.add(attack("sql schedule", "GET", "/api/v1/exports?scheduleId=" + q, null, admin));
      list.add(attack("sql page token", "GET", "/api/v1/exports?pageToken=" + q, null, admin));
      list.add(attack("sql actor", "GET", "/api/v1/ledger/entries?actor=" + q, null, admin));
      list.add(attack("sql outcome", "GET", "/api/v1/ledger/entries?outcome=" + q, null, admin));
      list.add(attack("sql from", "GET", "/api/v1/ledger/entries?from=" + q, null, admin));
      list.add(attack("sql seq", "GET", "/api/v1/ledger/verify?fromSeq=" + q, null, admin));
      String quoted = json(s);
      list.add(
          attack(
              "sql in body",
              "POST",
              "/api/v1/exports",
              "{\"type\":"
                  + quoted
                  + ",\"format\":"
                  + quoted
                  + ",\"retention\":"
                  + quoted
                  + ",\"filters\":{\"outcomes\":["
                  + quoted
                  + "]}}",
              admin));
    }
    // negative and enormous page sizes
    for (String size :
        List.of(
            "-1",
            "0",
            "201",
            "2147483647",
            "2147483648",
            "-2147483649",
            "99999999999999999999",
            "1e3",
            "0x10",
            "abc",
            "",
            "1.5",
            " 5",
            "%00")) {
      list.add(attack("page size", "GET", "/api/v1/exports?pageSize=" + size, null, admin));
      list.add(attack("page size", "GET", "/api/v1/ledger/entries?pageSize=" + size, null, admin));
    }
    list.add(attack("seq", "GET", "/api/v1/ledger/verify?fromSeq=-5", null, admin));
    list.add(attack("seq", "GET", "/api/v1/ledger/verify?toSeq=9223372036854775808", null, admin));
    list.add(attack("seq", "GET", "/api/v1/ledger/verify?fromSeq=9&toSeq=2", null, admin));
    // invalid durations and time zones
    for (String d :
        List.of(
            "P",
            "PT",
            "P-1D",
            "-P1D",
            "P0D",
            "P1Y",
            "P1M",
            "P1D1",
            "PT1H-5M",
            "P9999999999999999999D",
            "P1.5D",
            "∞",
            "30 days",
            "PT0.0000000001S")) {
      list.add(
          attack(
              "duration retention",
              "POST",
              "/api/v1/exports",
              "{\"type\":\"ledger\",\"retention\":"
                  + json(d)
                  + ",\"range\":{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-10-02T00:00:00Z\"}}",
              admin));
      list.add(
          attack(
              "duration patch",
              "PATCH",
              "/api/v1/exports/" + jobId,
              "{\"retention\":" + json(d) + "}",
              admin));
      list.add(
          attack(
              "duration window",
              "POST",
              "/api/v1/export-schedules",
              "{\"cron\":\"0 2 * * *\",\"window\":"
                  + json(d)
                  + ",\"jitter\":"
                  + json(d)
                  + ",\"job\":{\"type\":\"ledger\"}}",
              admin));
    }
    for (String zone :
        List.of(
            "Mars/Olympus_Mons",
            "UTC+25",
            "GMT+99:00",
            "../../../../etc/localtime",
            "",
            "Europe/Berlin\u0000",
            "z".repeat(5000),
            "SystemV/EST5")) {
      list.add(
          attack(
              "time zone preview",
              "GET",
              "/api/v1/export-schedules/preview?cron=0%202%20*%20*%20*&timezone=" + enc(zone),
              null,
              admin));
      list.add(
          attack(
              "time zone schedule",
              "POST",
              "/api/v1/export-schedules",
              "{\"cron\":\"0 2 * * *\",\"timezone\":"
                  + json(zone)
                  + ",\"window\":\"P1D\",\"job\":{\"type\":\"ledger\"}}",
              admin));
    }
    for (String time :
        List.of(
            "2026-13-01T00:00:00Z",
            "+1000000000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z",
            "2026-10-01",
            "2026-10-01T00:00:00+25:00",
            "1e100")) {
      list.add(
          attack(
              "bad time",
              "POST",
              "/api/v1/exports",
              "{\"type\":\"ledger\",\"range\":{\"from\":"
                  + json(time)
                  + ",\"to\":"
                  + json(time)
                  + "}}",
              admin));
      list.add(attack("bad time", "GET", "/api/v1/ledger/entries?to=" + enc(time), null, admin));
    }
    return list;
  }
}
