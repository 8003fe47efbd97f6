package io.exportjobs.worker.report;

import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1,000,000 realistic entries (a year, about 2,700 a day) → summary → HTML, JSON and CSV. The
 * entries are made in chunks of 100,000 and only the {@code add} calls are timed; each entry has
 * its own string instances, as rows read over JDBC have. Prints figures, asserts nothing timed.
 *
 * <p>{@code mvn -B -q -o -pl worker -am test -Dtest=AuditSummaryBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -DexcludedTestGroups=none}
 */
@Tag("bench")
class AuditSummaryBenchmark {

  static final int ENTRIES = 1_000_000;
  static final int CHUNK = 100_000;

  /**
   * The path an activity takes: 1,000,000 entries appended through the ledger store to PostgreSQL
   * ({@code EXPORTJOBS_TEST_PG_URL}), then streamed back once without and once with the summary, so
   * the summary's share of the read is visible.
   */
  @Test
  void summariseAMillionEntriesStreamedFromPostgres() throws IOException {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.POSTGRES)) {
      LedgerStore store =
          new LedgerStore(db.jdbcClient(), db.jdbcTemplate(), db.tx(), Clock.systemUTC());
      List<NewLedgerEntry> batch = new ArrayList<>(10_000);
      long[] appended = {0};
      long a0 = System.nanoTime();
      ReportFixtures.generate(
          from,
          366,
          3_400,
          1,
          e -> {
            if (appended[0] + batch.size() >= ENTRIES) {
              return;
            }
            batch.add(e);
            if (batch.size() == 10_000) {
              appended[0] += store.append("bench", batch).appended();
              batch.clear();
            }
          });
      if (!batch.isEmpty()) {
        appended[0] += store.append("bench", batch).appended();
      }
      long a1 = System.nanoTime();
      System.out.printf("appended %,d entries in %,d ms%n", appended[0], (a1 - a0) / 1_000_000);
      LedgerQuery query =
          new LedgerQuery("bench", from, from.plusSeconds(366L * 86_400), ExportFilters.none(), 0);
      for (int round = 1; round <= 2; round++) {
        long[] read = {0};
        long t0 = System.nanoTime();
        store.streamRecorded(query, e -> read[0]++);
        long t1 = System.nanoTime();
        AuditSummary summary = new AuditSummary();
        store.streamRecorded(query, summary::add);
        long t2 = System.nanoTime();
        ByteArrayOutputStream html = new ByteArrayOutputStream();
        AuditReports.html(
            summary, ReportFixtures.meta(summary, from, from.plusSeconds(366L * 86_400)), html);
        long t3 = System.nanoTime();
        System.out.printf(
            "round %d: stream only %,d entries in %,d ms (%,.0f/s); stream + summary %,d ms"
                + " (%,.0f/s); html %,d ms (%,d bytes)%n",
            round,
            read[0],
            (t1 - t0) / 1_000_000,
            read[0] / ((t1 - t0) / 1e9),
            (t2 - t1) / 1_000_000,
            summary.total() / ((t2 - t1) / 1e9),
            (t3 - t2) / 1_000_000,
            html.size());
      }
    }
  }

  @Test
  void summariseAndRenderAMillionEntries() throws IOException {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    for (int round = 1; round <= 3; round++) {
      AuditSummary summary = new AuditSummary();
      long addNanos = 0;
      long seq = 0;
      List<LedgerEntry> chunk = new ArrayList<>(CHUNK);
      // about 2,800 a day for 366 days with weekends lighter: enough for 1,000,000, cut there
      List<NewLedgerEntry> all = new ArrayList<>();
      ReportFixtures.generate(from, 366, 3_400, 1, all::add);
      int total = Math.min(ENTRIES, all.size());
      for (int i = 0; i < total; i += CHUNK) {
        chunk.clear();
        for (NewLedgerEntry e : all.subList(i, Math.min(total, i + CHUNK))) {
          chunk.add(
              new LedgerEntry(
                  ++seq,
                  e.occurredAt(),
                  e.occurredAt(),
                  new String(e.actor()),
                  new String(e.action()),
                  new String(e.resource()),
                  e.outcome(),
                  Map.of(),
                  "sha256:p",
                  "sha256:h"));
        }
        long t0 = System.nanoTime();
        for (LedgerEntry e : chunk) {
          summary.add(e);
        }
        addNanos += System.nanoTime() - t0;
      }
      all.clear();
      ReportMeta meta = ReportFixtures.meta(summary, from, from.plusSeconds(366L * 86_400));

      long t1 = System.nanoTime();
      ByteArrayOutputStream html = new ByteArrayOutputStream();
      AuditReports.html(summary, meta, html);
      long t2 = System.nanoTime();
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      AuditReports.json(summary, meta, json);
      long t3 = System.nanoTime();
      ByteArrayOutputStream csv = new ByteArrayOutputStream();
      AuditReports.csv(summary, meta, csv);
      long t4 = System.nanoTime();

      System.out.printf(
          "round %d: %,d entries summarised in %,d ms (%,.0f entries/s); %,d days, %,d actions,"
              + " %,d actors, %,d failures and denials (%,d listed)%n"
              + "  html %,d ms (%,d bytes), json %,d ms (%,d bytes), csv %,d ms (%,d bytes)%n",
          round,
          summary.total(),
          addNanos / 1_000_000,
          summary.total() / (addNanos / 1e9),
          summary.distinctDays(),
          summary.distinctActions(),
          summary.distinctActors(),
          summary.flaggedTotal(),
          summary.flagged().size(),
          (t2 - t1) / 1_000_000,
          html.size(),
          (t3 - t2) / 1_000_000,
          json.size(),
          (t4 - t3) / 1_000_000,
          csv.size());
    }
  }
}
