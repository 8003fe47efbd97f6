package io.exportjobs.worker.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.json.Timestamps;
import io.exportjobs.pack.ledger.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Renders an {@link AuditSummary} as the audit report: {@link #html} (one self-contained file),
 * {@link #json} and {@link #csv} (the same numbers). Each writes UTF-8 to the stream, flushes it
 * and leaves it open. The output depends only on the summary and the {@link ReportMeta}: no clock,
 * no locale, no hash order, so the same input gives the same bytes. Lists are sorted by count (most
 * first), ties by key; days oldest first; failures and denials by seq.
 *
 * <h2>JSON ({@code application/json})</h2>
 *
 * <pre>{@code
 * {
 *   "reportVersion": 1,
 *   "tenant": "demo", "jobId": "exp-demo-…" | null,
 *   "range": {"from": "2026-10-01T00:00:00Z" | null, "to": "2026-11-01T00:00:00Z" | null},
 *   "filters": {"actors": [], "actions": [], "resources": [], "outcomes": []},
 *   "entryCount": 4123,
 *   "ledgerHead": {"seq": 9000, "hash": "sha256:…"} | null,
 *   "generator": {"name": "export-jobs", "version": "0.1.0"},
 *   "firstSeq": 17 | null, "lastSeq": 8990 | null,
 *   "firstOccurredAt", "lastOccurredAt":        occurredAt of the first and last entry by seq | null,
 *   "earliestOccurredAt", "latestOccurredAt":   smallest and greatest occurredAt | null,
 *   "totals": {"total": 4123, "success": 3900, "failure": 150, "denied": 73},
 *   "byDay": [{"day": "2026-10-01", "total", "success", "failure", "denied"}, …],  (days with entries)
 *   "byAction": [{"key": "user.login", "total", "success", "failure", "denied"}, …],
 *   "byActor": […], "byResourceType": […],                                       (same shape)
 *   "failuresAndDenials": {"total": 223, "listed": 223, "limit": 1000,
 *       "entries": [{"seq", "occurredAt", "actor", "action", "resource", "outcome"}, …]}
 * }
 * }</pre>
 *
 * <h2>CSV ({@code text/csv}, RFC 4180, CRLF)</h2>
 *
 * <p>Long format with the header {@code section,key,outcome,count}: {@code section} is {@code
 * total} (key empty), {@code day} (key {@code YYYY-MM-DD}, UTC, days with entries), {@code action},
 * {@code actor} or {@code resource_type}; {@code outcome} is {@code all}, {@code success}, {@code
 * failure} or {@code denied} (four rows per key, zeros included). A key that a spreadsheet would
 * run as a formula (first character {@code = + - @}, tab or carriage return) is written with a
 * leading {@code '}: this file is made to be opened in spreadsheets and holds no hashed data,
 * unlike the ledger CSV export, which writes values as recorded so the chain can be recomputed. The
 * JSON has the keys exactly.
 */
public final class AuditReports {

  /** The JSON report's layout version ({@code reportVersion}). */
  public static final int REPORT_VERSION = 1;

  public static final String CSV_HEADER = "section,key,outcome,count\r\n";

  private AuditReports() {}

  /**
   * One self-contained HTML page: header, totals, events per day (stacked by outcome), top 10
   * actions and actors, resource types, the listed failures and denials, and the ledger head.
   */
  public static void html(AuditSummary summary, ReportMeta meta, OutputStream out)
      throws IOException {
    check(summary, meta);
    out.write(HtmlReport.render(summary, meta).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  public static void json(AuditSummary summary, ReportMeta meta, OutputStream out)
      throws IOException {
    check(summary, meta);
    JsonGenerator g = Json.mapper().getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    g.setPrettyPrinter(
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter));
    g.writeStartObject();
    g.writeNumberField("reportVersion", REPORT_VERSION);
    g.writeStringField("tenant", meta.tenant());
    g.writeStringField("jobId", meta.jobId());
    g.writeObjectFieldStart("range");
    instant(g, "from", meta.range().from());
    instant(g, "to", meta.range().to());
    if (meta.range().basis() != null) {
      g.writeStringField("basis", meta.range().basis());
    }
    if (meta.range().isSeq()) {
      g.writeNumberField("fromSeq", meta.range().firstSeq());
      if (meta.range().toSeq() != null) {
        g.writeNumberField("toSeq", meta.range().toSeq());
      }
    }
    g.writeEndObject();
    g.writeObjectFieldStart("filters");
    strings(g, "actors", meta.filters().actors());
    strings(g, "actions", meta.filters().actions());
    strings(g, "resources", meta.filters().resources());
    strings(g, "outcomes", meta.filters().outcomes().stream().map(Outcome::wire).toList());
    g.writeEndObject();
    g.writeNumberField("entryCount", meta.entryCount());
    if (meta.ledgerHead() == null) {
      g.writeNullField("ledgerHead");
    } else {
      g.writeObjectFieldStart("ledgerHead");
      g.writeNumberField("seq", meta.ledgerHead().seq());
      g.writeStringField("hash", meta.ledgerHead().hash());
      g.writeEndObject();
    }
    g.writeObjectFieldStart("generator");
    g.writeStringField("name", meta.generatorName());
    g.writeStringField("version", meta.generatorVersion());
    g.writeEndObject();
    number(g, "firstSeq", summary.firstSeq());
    number(g, "lastSeq", summary.lastSeq());
    instant(g, "firstOccurredAt", summary.firstOccurredAt());
    instant(g, "lastOccurredAt", summary.lastOccurredAt());
    instant(g, "earliestOccurredAt", summary.earliestOccurredAt());
    instant(g, "latestOccurredAt", summary.latestOccurredAt());
    g.writeFieldName("totals");
    counts(g, null, null, summary.outcomes());
    g.writeArrayFieldStart("byDay");
    for (DayCount d : summary.byDay()) {
      counts(g, "day", d.day().toString(), d.counts());
    }
    g.writeEndArray();
    keyCounts(g, "byAction", summary.byAction());
    keyCounts(g, "byActor", summary.byActor());
    keyCounts(g, "byResourceType", summary.byResourceType());
    g.writeObjectFieldStart("failuresAndDenials");
    g.writeNumberField("total", summary.flaggedTotal());
    g.writeNumberField("listed", summary.flagged().size());
    g.writeNumberField("limit", summary.flaggedLimit());
    g.writeArrayFieldStart("entries");
    for (FlaggedEntry e : summary.flagged()) {
      g.writeStartObject();
      g.writeNumberField("seq", e.seq());
      instant(g, "occurredAt", e.occurredAt());
      g.writeStringField("actor", e.actor());
      g.writeStringField("action", e.action());
      g.writeStringField("resource", e.resource());
      g.writeStringField("outcome", e.outcome().wire());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
    g.flush();
  }

  public static void csv(AuditSummary summary, ReportMeta meta, OutputStream out)
      throws IOException {
    check(summary, meta);
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    w.write(CSV_HEADER);
    csvRows(w, "total", "", summary.outcomes());
    for (DayCount d : summary.byDay()) {
      csvRows(w, "day", d.day().toString(), d.counts());
    }
    for (KeyCount k : summary.byAction()) {
      csvRows(w, "action", k.key(), k.counts());
    }
    for (KeyCount k : summary.byActor()) {
      csvRows(w, "actor", k.key(), k.counts());
    }
    for (KeyCount k : summary.byResourceType()) {
      csvRows(w, "resource_type", k.key(), k.counts());
    }
    w.flush();
  }

  private static void check(AuditSummary summary, ReportMeta meta) {
    if (meta.entryCount() != summary.total()) {
      throw new IllegalArgumentException(
          "the report meta says "
              + meta.entryCount()
              + " entries but the summary counted "
              + summary.total());
    }
  }

  private static void csvRows(Writer w, String section, String key, OutcomeCounts c)
      throws IOException {
    String prefix = section + "," + csvField(key) + ",";
    w.write(prefix + "all," + c.total() + "\r\n");
    w.write(prefix + "success," + c.success() + "\r\n");
    w.write(prefix + "failure," + c.failure() + "\r\n");
    w.write(prefix + "denied," + c.denied() + "\r\n");
  }

  /** RFC 4180 quoting, after neutralising a leading formula character. */
  static String csvField(String value) {
    String v = value;
    if (!v.isEmpty()) {
      char first = v.charAt(0);
      if (first == '='
          || first == '+'
          || first == '-'
          || first == '@'
          || first == '\t'
          || first == '\r') {
        v = "'" + v;
      }
    }
    boolean quote =
        v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  private static void counts(JsonGenerator g, String keyField, String key, OutcomeCounts c)
      throws IOException {
    g.writeStartObject();
    if (keyField != null) {
      g.writeStringField(keyField, key);
    }
    g.writeNumberField("total", c.total());
    g.writeNumberField("success", c.success());
    g.writeNumberField("failure", c.failure());
    g.writeNumberField("denied", c.denied());
    g.writeEndObject();
  }

  private static void keyCounts(JsonGenerator g, String field, List<KeyCount> list)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (KeyCount k : list) {
      counts(g, "key", k.key(), k.counts());
    }
    g.writeEndArray();
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void instant(JsonGenerator g, String field, Instant t) throws IOException {
    if (t == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, Timestamps.format(t));
    }
  }

  private static void number(JsonGenerator g, String field, Long n) throws IOException {
    if (n == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, n);
    }
  }
}
