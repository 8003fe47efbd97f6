package io.exportjobs.worker.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report's numbers against {@code SELECT … GROUP BY} run directly on {@code ledger_entries}:
 * thousands of varied entries over twelve days, read back for a seven-day range through the
 * ledger's streaming read, with entries just outside the range and another tenant's entries that
 * must not count. The JSON, the CSV and the HTML must carry the same numbers.
 */
class AuditReportSqlTest {

  static final Instant FROM = Instant.parse("2026-10-03T00:00:00Z");
  static final Instant TO = Instant.parse("2026-10-10T00:00:00Z");
  static final String TENANT = "demo";

  TestDatabase db;
  LedgerStore store;

  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(engine());
    store =
        new LedgerStore(
            db.jdbcClient(),
            db.jdbcTemplate(),
            db.tx(),
            Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));
    List<NewLedgerEntry> entries =
        new ArrayList<>(ReportFixtures.generate(Instant.parse("2026-10-01T00:00:00Z"), 12, 300, 7));
    Random random = new Random(11);
    // back-dated and odd entries, in seq order among the others
    List<NewLedgerEntry> odd =
        List.of(
            entry(FROM, "edge-start", "edge.check", "edge/1", Outcome.DENIED),
            entry(TO.minusMillis(1), "edge-end", "edge.check", "edge/2", Outcome.FAILURE),
            entry(TO, "edge-after", "edge.check", "edge/3", Outcome.FAILURE),
            entry(FROM.minusMillis(1), "edge-before", "edge.check", "edge/4", Outcome.DENIED),
            entry(
                at("2026-10-05T10:00:00Z"),
                "<script>alert(1)</script>",
                "x\"y",
                "a,b",
                Outcome.DENIED),
            entry(
                at("2026-10-05T11:00:00Z"),
                "=HYPERLINK(\"http://x\")",
                "+cmd",
                "-1",
                Outcome.FAILURE),
            entry(at("2026-10-06T12:00:00Z"), "Jürgen 🚀", "line\nbreak", "@sum", Outcome.SUCCESS),
            entry(
                at("2026-10-04T09:00:00Z"),
                "late-writer",
                "backfill.import",
                "noslash",
                Outcome.SUCCESS));
    for (NewLedgerEntry e : odd) {
      entries.add(random.nextInt(entries.size()), e);
    }
    for (int i = 0; i < entries.size(); i += 1_000) {
      store.append(TENANT, entries.subList(i, Math.min(entries.size(), i + 1_000)));
    }
    // another tenant, in the same range: never counted
    store.append("acme", ReportFixtures.generate(FROM, 3, 50, 3));
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static Instant at(String t) {
    return Instant.parse(t);
  }

  private static NewLedgerEntry entry(
      Instant at, String actor, String action, String resource, Outcome outcome) {
    return new NewLedgerEntry(at, actor, action, resource, outcome, Map.of("k", "<b>v</b>"));
  }

  private AuditSummary summarise(LedgerQuery query, int flaggedLimit) {
    AuditSummary summary = new AuditSummary(flaggedLimit);
    store.streamRecorded(query, summary::add);
    return summary;
  }

  @Test
  void everyCountEqualsSqlOverTheSameRange() throws Exception {
    AuditSummary summary =
        summarise(new LedgerQuery(TENANT, FROM, TO, ExportFilters.none(), 0), 100);
    Sql sql = new Sql("tenant = ? AND occurred_at >= ? AND occurred_at < ?", TENANT, FROM, TO);

    assertThat(summary.total()).isGreaterThan(1_500).isEqualTo(sql.count(""));
    assertEveryCountMatches(summary, sql);

    ReportMeta meta =
        new ReportMeta(
            TENANT,
            "exp-demo-1",
            new TimeRange(FROM, TO),
            ExportFilters.none(),
            summary.total(),
            store.head(TENANT),
            "export-jobs",
            "test");
    assertRenderedNumbersMatch(summary, meta, sql);
  }

  @Test
  void countsMatchSqlWithFilters() throws Exception {
    ExportFilters filters =
        new ExportFilters(
            List.of("alice@example.com", "bob@example.com", "<script>alert(1)</script>"),
            List.of(),
            List.of(),
            List.of(Outcome.FAILURE, Outcome.DENIED));
    AuditSummary summary = summarise(new LedgerQuery(TENANT, FROM, TO, filters, 0), 1_000);
    Sql sql =
        new Sql(
            "tenant = ? AND occurred_at >= ? AND occurred_at < ? AND actor IN (?, ?, ?)"
                + " AND outcome IN ('failure', 'denied')",
            TENANT,
            FROM,
            TO,
            "alice@example.com",
            "bob@example.com",
            "<script>alert(1)</script>");

    assertThat(summary.total()).isPositive().isEqualTo(sql.count(""));
    assertThat(summary.outcomes().success()).isZero();
    assertEveryCountMatches(summary, sql);
    assertThat(summary.flagged()).hasSize((int) summary.total());
  }

  private void assertEveryCountMatches(AuditSummary summary, Sql sql) {
    assertThat(outcomes(summary.outcomes())).isEqualTo(sql.byOutcome());

    assertThat(keyed(summary.byAction())).isEqualTo(sql.grouped("action"));
    assertThat(keyed(summary.byActor())).isEqualTo(sql.grouped("actor"));

    Map<String, Long> resourceTypes = new TreeMap<>();
    sql.grouped("resource")
        .forEach(
            (key, n) -> {
              int bar = key.lastIndexOf('|');
              resourceTypes.merge(
                  AuditSummary.resourceType(key.substring(0, bar)) + key.substring(bar),
                  n,
                  Long::sum);
            });
    assertThat(keyed(summary.byResourceType())).isEqualTo(resourceTypes);

    // per UTC day: one query per day of the range, with timestamp bounds (portable SQL)
    Map<String, Long> days = new TreeMap<>();
    for (LocalDate d = LocalDate.parse("2026-10-03");
        d.isBefore(LocalDate.parse("2026-10-10"));
        d = d.plusDays(1)) {
      Instant start = d.atStartOfDay().toInstant(ZoneOffset.UTC);
      Sql day = sql.and("occurred_at >= ? AND occurred_at < ?", start, start.plusSeconds(86_400));
      String key = d.toString();
      day.byOutcome()
          .forEach(
              (outcome, n) -> {
                if (n > 0) {
                  days.put(key + "|" + outcome, n);
                }
              });
    }
    Map<String, Long> summaryDays = new TreeMap<>();
    for (DayCount d : summary.byDay()) {
      put(summaryDays, d.day().toString(), d.counts());
    }
    assertThat(summaryDays).isEqualTo(days);

    assertThat(summary.firstSeq()).isEqualTo(sql.single("MIN(seq)", Long.class));
    assertThat(summary.lastSeq()).isEqualTo(sql.single("MAX(seq)", Long.class));
    assertThat(summary.earliestOccurredAt()).isEqualTo(sql.instant("MIN(occurred_at)"));
    assertThat(summary.latestOccurredAt()).isEqualTo(sql.instant("MAX(occurred_at)"));

    assertThat(summary.flaggedTotal()).isEqualTo(sql.count(" AND outcome <> 'success'"));
    List<Long> firstFlagged =
        sql.list(
            "SELECT seq FROM ledger_entries WHERE %s AND outcome <> 'success' ORDER BY seq LIMIT "
                + summary.flaggedLimit());
    assertThat(summary.flagged()).extracting(FlaggedEntry::seq).isEqualTo(firstFlagged);
  }

  private void assertRenderedNumbersMatch(AuditSummary summary, ReportMeta meta, Sql sql)
      throws Exception {
    // JSON
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    AuditReports.json(summary, meta, json);
    JsonNode root = Json.mapper().readTree(json.toByteArray());
    assertThat(root.get("entryCount").asLong()).isEqualTo(sql.count(""));
    Map<String, Long> jsonOutcomes = new TreeMap<>();
    for (String o : List.of("success", "failure", "denied")) {
      jsonOutcomes.put(o, root.get("totals").get(o).asLong());
    }
    assertThat(jsonOutcomes).isEqualTo(sql.byOutcome());
    assertThat(root.get("totals").get("total").asLong()).isEqualTo(sql.count(""));
    assertThat(jsonKeyed(root.get("byAction"), "key")).isEqualTo(sql.grouped("action"));
    assertThat(jsonKeyed(root.get("byActor"), "key")).isEqualTo(sql.grouped("actor"));
    assertThat(jsonKeyed(root.get("byDay"), "day"))
        .isEqualTo(keyedDays(summary)); // equal to SQL above
    assertThat(root.get("failuresAndDenials").get("total").asLong())
        .isEqualTo(sql.count(" AND outcome <> 'success'"));
    assertThat(root.get("ledgerHead").get("hash").asText()).isEqualTo(store.head(TENANT).hash());

    // CSV
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    AuditReports.csv(summary, meta, csv);
    List<List<String>> rows = Csv.parse(csv.toString(StandardCharsets.UTF_8));
    assertThat(rows.get(0)).containsExactly("section", "key", "outcome", "count");
    Map<String, Map<String, Long>> sections = new TreeMap<>();
    Map<String, Long> allRows = new TreeMap<>();
    Map<String, Long> outcomeRows = new TreeMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      long n = Long.parseLong(row.get(3));
      if (row.get(2).equals("all")) {
        allRows.merge(row.get(0) + "|" + row.get(1), n, Long::sum);
      } else if (n > 0 || row.get(0).equals("total")) {
        outcomeRows.merge(row.get(0) + "|" + row.get(1), n, Long::sum);
        sections
            .computeIfAbsent(row.get(0), s -> new TreeMap<>())
            .put(Csv.unneutralised(row.get(1)) + "|" + row.get(2), Long.parseLong(row.get(3)));
      }
    }
    assertThat(allRows)
        .as("each key's all row is the sum of its outcome rows")
        .isEqualTo(outcomeRows);
    assertThat(sections.get("total")).isEqualTo(prefixed("", sql.byOutcome()));
    assertThat(sections.get("action")).isEqualTo(sql.grouped("action"));
    assertThat(sections.get("actor")).isEqualTo(sql.grouped("actor"));
    assertThat(sections.get("day")).isEqualTo(keyedDays(summary));

    // HTML: the totals, as a person reads them
    ByteArrayOutputStream html = new ByteArrayOutputStream();
    AuditReports.html(summary, meta, html);
    String page = html.toString(StandardCharsets.UTF_8);
    assertThat(page)
        .contains("data-kpi=\"entries\">" + Text.count(sql.count("")) + "<")
        .contains("data-kpi=\"success\">" + Text.count(sql.byOutcome().get("success")) + "<")
        .contains("data-kpi=\"failure\">" + Text.count(sql.byOutcome().get("failure")) + "<")
        .contains("data-kpi=\"denied\">" + Text.count(sql.byOutcome().get("denied")) + "<")
        .contains(store.head(TENANT).hash());
  }

  private static Map<String, Long> prefixed(String key, Map<String, Long> byOutcome) {
    Map<String, Long> out = new TreeMap<>();
    byOutcome.forEach((o, n) -> out.put(key + "|" + o, n));
    return out;
  }

  private static Map<String, Long> keyedDays(AuditSummary summary) {
    Map<String, Long> out = new TreeMap<>();
    for (DayCount d : summary.byDay()) {
      put(out, d.day().toString(), d.counts());
    }
    return out;
  }

  private static Map<String, Long> outcomes(OutcomeCounts c) {
    Map<String, Long> out = new TreeMap<>();
    out.put("success", c.success());
    out.put("failure", c.failure());
    out.put("denied", c.denied());
    return out;
  }

  /** {@code key|outcome → count}, leaving out zeros as GROUP BY does. */
  private static Map<String, Long> keyed(List<KeyCount> list) {
    Map<String, Long> out = new TreeMap<>();
    for (KeyCount k : list) {
      put(out, k.key(), k.counts());
    }
    return out;
  }

  private static void put(Map<String, Long> out, String key, OutcomeCounts c) {
    for (Outcome o : Outcome.values()) {
      if (c.of(o) > 0) {
        out.put(key + "|" + o.wire(), c.of(o));
      }
    }
  }

  private static Map<String, Long> jsonKeyed(JsonNode array, String keyField) {
    Map<String, Long> out = new TreeMap<>();
    for (JsonNode n : array) {
      long sum = 0;
      for (Outcome o : Outcome.values()) {
        long c = n.get(o.wire()).asLong();
        sum += c;
        if (c > 0) {
          out.put(n.get(keyField).asText() + "|" + o.wire(), c);
        }
      }
      assertThat(n.get("total").asLong()).isEqualTo(sum);
    }
    return out;
  }

  /** SQL over {@code ledger_entries} with a WHERE clause and its parameters. */
  private final class Sql {
    final String where;
    final List<Object> params;

    Sql(String where, Object... params) {
      this.where = where;
      this.params = new ArrayList<>();
      for (Object p : params) {
        this.params.add(p instanceof Instant t ? SqlTime.toSql(t) : p);
      }
    }

    Sql and(String clause, Object... more) {
      List<Object> all = new ArrayList<>(params);
      Collections.addAll(all, more);
      return new Sql(where + " AND " + clause, all.toArray());
    }

    long count(String extra) {
      return db.jdbcClient()
          .sql("SELECT COUNT(*) FROM ledger_entries WHERE " + where + extra)
          .params(params)
          .query(Long.class)
          .single();
    }

    <T> T single(String expression, Class<T> type) {
      return db.jdbcClient()
          .sql("SELECT " + expression + " FROM ledger_entries WHERE " + where)
          .params(params)
          .query(type)
          .single();
    }

    Instant instant(String expression) {
      return db.jdbcClient()
          .sql("SELECT " + expression + " FROM ledger_entries WHERE " + where)
          .params(params)
          .query((rs, n) -> SqlTime.read(rs, 1))
          .single();
    }

    List<Long> list(String template) {
      return db.jdbcClient()
          .sql(String.format(template, where))
          .params(params)
          .query(Long.class)
          .list();
    }

    Map<String, Long> byOutcome() {
      Map<String, Long> out = new TreeMap<>(Map.of("success", 0L, "failure", 0L, "denied", 0L));
      db.jdbcClient()
          .sql("SELECT outcome, COUNT(*) FROM ledger_entries WHERE " + where + " GROUP BY outcome")
          .params(params)
          .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2)))
          .list();
      return out;
    }

    /** {@code value|outcome → count} from {@code GROUP BY column, outcome}. */
    Map<String, Long> grouped(String column) {
      Map<String, Long> out = new TreeMap<>();
      db.jdbcClient()
          .sql(
              "SELECT "
                  + column
                  + ", outcome, COUNT(*) FROM ledger_entries WHERE "
                  + where
                  + " GROUP BY "
                  + column
                  + ", outcome")
          .params(params)
          .query((rs, n) -> out.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3)))
          .list();
      return out;
    }
  }
}
