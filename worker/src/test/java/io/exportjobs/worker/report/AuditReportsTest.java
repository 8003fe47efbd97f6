package io.exportjobs.worker.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditReportsTest {

  static final Instant OCT_1 = Instant.parse("2026-10-01T00:00:00Z");

  static String html(AuditSummary summary, ReportMeta meta) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditReports.html(summary, meta, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static String json(AuditSummary summary, ReportMeta meta) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditReports.json(summary, meta, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static String csv(AuditSummary summary, ReportMeta meta) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditReports.csv(summary, meta, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static ReportMeta meta(AuditSummary summary, Instant from, Instant to) {
    return ReportFixtures.meta(summary, from, to);
  }

  @Test
  void theSameInputGivesTheSameBytes() throws IOException {
    List<NewLedgerEntry> entries = ReportFixtures.generate(OCT_1, 31, 200, 5);
    AuditSummary first = ReportFixtures.summarise(entries);
    AuditSummary second = ReportFixtures.summarise(entries);
    Instant to = OCT_1.plusSeconds(31 * 86_400);

    assertThat(html(second, meta(second, OCT_1, to)))
        .isEqualTo(html(first, meta(first, OCT_1, to)));
    assertThat(json(second, meta(second, OCT_1, to)))
        .isEqualTo(json(first, meta(first, OCT_1, to)));
    assertThat(csv(second, meta(second, OCT_1, to))).isEqualTo(csv(first, meta(first, OCT_1, to)));
  }

  @Test
  void tiesAreOrderedByKeyWhateverTheOrderOfArrival() throws IOException {
    AuditSummary ab = new AuditSummary();
    ab.add(1, OCT_1, "bob", "b.action", "x/1", Outcome.SUCCESS);
    ab.add(2, OCT_1, "alice", "a.action", "y/1", Outcome.SUCCESS);
    AuditSummary ba = new AuditSummary();
    ba.add(1, OCT_1, "alice", "a.action", "y/1", Outcome.SUCCESS);
    ba.add(2, OCT_1, "bob", "b.action", "x/1", Outcome.SUCCESS);

    assertThat(ab.byActor()).extracting(KeyCount::key).containsExactly("alice", "bob");
    ReportMeta meta = meta(ab, OCT_1, OCT_1.plusSeconds(86_400));
    assertThat(html(ba, meta)).isEqualTo(html(ab, meta));
    assertThat(json(ba, meta)).isEqualTo(json(ab, meta));
    assertThat(csv(ba, meta)).isEqualTo(csv(ab, meta));
  }

  @Test
  void ledgerValuesCannotInjectMarkup() throws IOException {
    AuditSummary summary = hostileSummary();
    ReportMeta meta =
        new ReportMeta(
            "demo<b>",
            "exp-\"><script>alert(3)</script>",
            new TimeRange(OCT_1, OCT_1.plusSeconds(86_400)),
            new ExportFilters(
                List.of("<img src=x onerror=alert(4)>"), List.of("'"), List.of("&"), List.of()),
            summary.total(),
            ChainHead.empty(),
            "export-jobs",
            "</title><script>alert(5)</script>");

    String page = html(summary, meta);

    assertThat(page)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("</svg><")
        .doesNotContain("\u202E")
        .doesNotContain("\u0007")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
        .contains("\\u202Egnp.exe")
        .contains("bell\\u0007")
        .contains("&lt;img src=x onerror=alert(4)&gt;");
    // every tag in the page is one the renderer writes
    assertThat(
            page.replaceAll(
                "<(/?)(!DOCTYPE|html|head|meta|title|style|body|main|header|p|h1|h2"
                    + "|dl|dt|dd|span|section|div|ul|li|svg|rect|line|text|g|table|thead|tbody|tr|th|td"
                    + "|footer)[ >/]",
                ""))
        .doesNotContainPattern("<[a-zA-Z/!]");
  }

  @Test
  void csvKeysCannotRunAsSpreadsheetFormulas() throws IOException {
    AuditSummary summary = hostileSummary();
    String csv = csv(summary, meta(summary, OCT_1, OCT_1.plusSeconds(86_400)));

    List<List<String>> rows = Csv.parse(csv);
    for (List<String> row : rows) {
      assertThat(row).hasSize(4);
      assertThat(row.get(1))
          .doesNotStartWith("=")
          .doesNotStartWith("+")
          .doesNotStartWith("-")
          .doesNotStartWith("@");
    }
    assertThat(rows)
        .contains(List.of("actor", "'=HYPERLINK(\"http://evil\",\"x\")", "all", "1"))
        .contains(List.of("action", "'+cmd|' /C calc'!A0", "failure", "1"))
        .contains(List.of("actor", "comma, \"quoted\"\r\nline", "all", "1"));
    // JSON keeps the values exactly
    JsonNode root = Json.mapper().readTree(json(summary, meta(summary, OCT_1, null)));
    assertThat(root.get("byActor").findValuesAsText("key"))
        .contains("=HYPERLINK(\"http://evil\",\"x\")", "comma, \"quoted\"\r\nline");
  }

  private static AuditSummary hostileSummary() {
    AuditSummary summary = new AuditSummary();
    Instant t = OCT_1.plusSeconds(3600);
    summary.add(
        1,
        t,
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "</svg><svg onload=alert(6)>",
        Outcome.DENIED);
    summary.add(
        2,
        t,
        "=HYPERLINK(\"http://evil\",\"x\")",
        "+cmd|' /C calc'!A0",
        "@SUM(A1)",
        Outcome.FAILURE);
    summary.add(3, t, "comma, \"quoted\"\r\nline", "-2+3", "doc/1", Outcome.SUCCESS);
    summary.add(4, t, "\u202Egnp.exe", "bell\u0007", "'single'&amp;", Outcome.DENIED);
    return summary;
  }

  @Test
  void anEmptyRangeIsAReadableReport() throws IOException {
    AuditSummary empty = new AuditSummary();
    ReportMeta meta = meta(empty, OCT_1, OCT_1.plusSeconds(7 * 86_400));

    String page = html(empty, meta);
    assertThat(page)
        .contains("data-kpi=\"entries\">0<")
        .contains("No entries in this range")
        .contains("None in this range.")
        .contains("<svg class=\"chart timeline\"");
    JsonNode root = Json.mapper().readTree(json(empty, meta));
    assertThat(root.get("totals").get("total").asLong()).isZero();
    assertThat(root.get("firstSeq").isNull()).isTrue();
    assertThat(root.get("byDay")).isEmpty();
    assertThat(root.get("failuresAndDenials").get("entries")).isEmpty();
    assertThat(csv(empty, meta))
        .isEqualTo(
            "section,key,outcome,count\r\ntotal,,all,0\r\ntotal,,success,0\r\n"
                + "total,,failure,0\r\ntotal,,denied,0\r\n");
  }

  @Test
  void aSnapshotWithoutEntriesOrStartStillRenders() throws IOException {
    AuditSummary empty = new AuditSummary();
    ReportMeta meta =
        new ReportMeta("demo", null, new TimeRange(null, OCT_1), null, 0, null, null, null);
    String page = html(empty, meta);
    assertThat(page).contains("the start of the ledger").contains("not recorded");
    assertThat(Json.mapper().readTree(json(empty, meta)).get("range").get("from").isNull())
        .isTrue();
  }

  @Test
  void oneDayHasOneBarPerOutcome() throws IOException {
    AuditSummary summary = new AuditSummary();
    summary.add(1, OCT_1.plusSeconds(10), "alice", "user.login", "app/console", Outcome.SUCCESS);
    summary.add(2, OCT_1.plusSeconds(20), "bob", "user.login", "app/console", Outcome.FAILURE);
    summary.add(3, OCT_1.plusSeconds(30), "bob", "doc.delete", "doc/1", Outcome.DENIED);
    String page = html(summary, meta(summary, OCT_1, OCT_1.plusSeconds(86_400)));

    String timeline =
        AuditReportBrowserTest.between(page, "<svg class=\"chart timeline\"", "</svg>");
    assertThat(AuditReportBrowserTest.count(timeline, "<rect ")).isEqualTo(3);
    assertThat(timeline).contains(">1 Oct</text>").contains("2026-10-01: 1 denied");
  }

  @Test
  void a366DayRangeHasABarForEveryDayAndMonthLabels() throws IOException {
    Instant from = Instant.parse("2027-01-01T00:00:00Z");
    AuditSummary summary = ReportFixtures.summarise(ReportFixtures.generate(from, 366, 20, 9));
    String page = html(summary, meta(summary, from, from.plusSeconds(366L * 86_400)));

    Timeline t = Timeline.of(summary.byDay(), new TimeRange(from, from.plusSeconds(366L * 86_400)));
    assertThat(t.granularity).isEqualTo(Timeline.Granularity.DAY);
    assertThat(t.buckets).hasSize(366);
    String timeline =
        AuditReportBrowserTest.between(page, "<svg class=\"chart timeline\"", "</svg>");
    assertThat(AuditReportBrowserTest.count(timeline, "<rect ")).isGreaterThanOrEqualTo(366);
    assertThat(timeline)
        .contains(">Jan 2027</text>")
        .contains(">Jul</text>")
        .contains(">Jan 2028</text>");
  }

  @Test
  void longerSpansAreGroupedIntoWeeksThenMonths() {
    Instant from = Instant.parse("2020-01-01T00:00:00Z");
    AuditSummary summary = new AuditSummary();
    summary.add(1, from, "a", "x", "r", Outcome.SUCCESS);
    summary.add(2, Instant.parse("2022-12-31T23:00:00Z"), "a", "x", "r", Outcome.FAILURE);
    Timeline weeks =
        Timeline.of(summary.byDay(), new TimeRange(from, Instant.parse("2023-01-01T00:00:00Z")));
    assertThat(weeks.granularity).isEqualTo(Timeline.Granularity.WEEK);
    assertThat(weeks.buckets.stream().mapToLong(Timeline.Bucket::total).sum()).isEqualTo(2);

    Timeline months =
        Timeline.of(summary.byDay(), new TimeRange(null, Instant.parse("2035-01-01T00:00:00Z")));
    assertThat(months.granularity).isEqualTo(Timeline.Granularity.MONTH);
    assertThat(months.buckets).hasSize(15 * 12);
    assertThat(months.buckets.get(0).start()).hasToString("2020-01-01");
  }

  @Test
  void metaMustAgreeWithTheSummary() {
    AuditSummary summary = new AuditSummary();
    summary.add(1, OCT_1, "a", "x", "r", Outcome.SUCCESS);
    ReportMeta wrong =
        new ReportMeta("demo", "j", new TimeRange(OCT_1, null), null, 2, null, "g", "1");
    assertThatThrownBy(() -> AuditReports.html(summary, wrong, new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 entries")
        .hasMessageContaining("counted 1");
  }

  @Test
  void summaryCountsAndKeepsTheFirstFailuresUpToItsLimit() {
    AuditSummary summary = new AuditSummary(2);
    LedgerEntry[] entries = {
      entry(5, "2026-10-02T10:00:00Z", Outcome.FAILURE),
      entry(6, "2026-10-01T09:00:00Z", Outcome.DENIED),
      entry(9, "2026-10-02T11:00:00Z", Outcome.SUCCESS),
      entry(12, "2026-10-03T00:00:00Z", Outcome.DENIED),
    };
    for (LedgerEntry e : entries) {
      summary.add(e);
    }
    assertThat(summary.total()).isEqualTo(4);
    assertThat(summary.outcomes()).isEqualTo(new OutcomeCounts(1, 1, 2));
    assertThat(summary.flaggedTotal()).isEqualTo(3);
    assertThat(summary.flagged()).extracting(FlaggedEntry::seq).containsExactly(5L, 6L);
    assertThat(summary.firstSeq()).isEqualTo(5);
    assertThat(summary.lastSeq()).isEqualTo(12);
    assertThat(summary.firstOccurredAt()).isEqualTo(Instant.parse("2026-10-02T10:00:00Z"));
    assertThat(summary.earliestOccurredAt()).isEqualTo(Instant.parse("2026-10-01T09:00:00Z"));
    assertThat(summary.latestOccurredAt()).isEqualTo(Instant.parse("2026-10-03T00:00:00Z"));
    assertThat(summary.byDay())
        .extracting(d -> d.day().toString() + "=" + d.counts().total())
        .containsExactly("2026-10-01=1", "2026-10-02=2", "2026-10-03=1");
    assertThat(summary.byResourceType())
        .containsExactly(new KeyCount("doc", new OutcomeCounts(1, 1, 2)));
    assertThatThrownBy(() -> summary.add(entry(12, "2026-10-03T00:00:00Z", Outcome.SUCCESS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending seq");
  }

  @Test
  void resourceTypeIsThePartBeforeTheFirstSlashOrColon() {
    assertThat(AuditSummary.resourceType("doc/42")).isEqualTo("doc");
    assertThat(AuditSummary.resourceType("export:exp-1/x")).isEqualTo("export");
    assertThat(AuditSummary.resourceType("settings")).isEqualTo("settings");
    assertThat(AuditSummary.resourceType("/root")).isEmpty();
  }

  @Test
  void numbersAreFormattedWithoutTheDefaultLocale() {
    assertThat(Text.count(0)).isEqualTo("0");
    assertThat(Text.count(999)).isEqualTo("999");
    assertThat(Text.count(1_234_567)).isEqualTo("1,234,567");
    assertThat(Text.percent(1, 3)).isEqualTo("33.3%");
    assertThat(Text.percent(2, 3)).isEqualTo("66.7%");
    assertThat(Text.percent(0, 0)).isEqualTo("0%");
    assertThat(Text.num(12.345)).isEqualTo("12.35");
    assertThat(Text.num(3.1)).isEqualTo("3.1");
    assertThat(Text.num(-0.5)).isEqualTo("-0.5");
    assertThat(Text.num(7)).isEqualTo("7");
    assertThat(Svg.ticks(0)).containsExactly(0, 1);
    assertThat(Svg.ticks(7)).containsExactly(0, 2, 4, 6, 8);
    assertThat(Svg.ticks(232)).containsExactly(0, 50, 100, 150, 200, 250);
  }

  private static LedgerEntry entry(long seq, String at, Outcome outcome) {
    return new LedgerEntry(
        seq,
        Instant.parse(at),
        Instant.parse(at),
        "alice",
        "doc.read",
        "doc/" + seq,
        outcome,
        Map.of(),
        "sha256:x",
        "sha256:y");
  }
}
