package io.exportjobs.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code make bench}, issue 14: what the Merkle tree costs appends on PostgreSQL. Two ledgers, each
 * in its own schema, one grown with its tree and one without, take the same batches of 10,000
 * entries in turns (so load on the machine falls on both alike); then the same with 1-entry
 * appends, where the tree's rewrite of its partial tiles weighs most. Figures are printed, not
 * asserted: {@code -Dbench.treeBatches=N} changes the number of 10,000-entry batches (default 40).
 */
@Tag("bench")
class LedgerTreeBenchmark {

  @Test
  void appendThroughputWithAndWithoutTheTree() throws Exception {
    int batches = Integer.getInteger("bench.treeBatches", 40);
    List<AutoCloseable> open = new ArrayList<>();
    try (TestDatabase withDb = TestDatabase.create(TestDatabase.Engine.POSTGRES);
        TestDatabase withoutDb = TestDatabase.create(TestDatabase.Engine.POSTGRES)) {
      LedgerStore with = store(withDb, true, open);
      LedgerStore without = store(withoutDb, false, open);
      // warm-up: JIT, connections, first pages
      with.append("bench", batch(0, 10_000));
      without.append("bench", batch(0, 10_000));

      long[] withNanos = new long[batches];
      long[] withoutNanos = new long[batches];
      for (int b = 0; b < batches; b++) {
        List<NewLedgerEntry> entries = batch(b + 1, 10_000);
        if (b % 2 == 0) {
          withNanos[b] = time(() -> with.append("bench", entries));
          withoutNanos[b] = time(() -> without.append("bench", entries));
        } else {
          withoutNanos[b] = time(() -> without.append("bench", entries));
          withNanos[b] = time(() -> with.append("bench", entries));
        }
      }
      long total = 10_000L * (batches + 1);
      assertThat(with.head("bench").seq()).isEqualTo(total);
      assertThat(without.head("bench").seq()).isEqualTo(total);
      report("10,000-entry batches", 10_000, withNanos, withoutNanos);

      int singles = 500;
      long[] withSingle = new long[singles];
      long[] withoutSingle = new long[singles];
      for (int i = 0; i < singles; i++) {
        List<NewLedgerEntry> one = batch(i, 1);
        withSingle[i] = time(() -> with.append("bench", one));
        withoutSingle[i] = time(() -> without.append("bench", one));
      }
      report("1-entry appends", 1, withSingle, withoutSingle);
      long tileBytes = bytes(withDb, "ledger_tree_tiles");
      long entryBytes = bytes(withDb, "ledger_entries");
      System.out.printf(
          "BENCH   storage: %,d bytes of tiles beside %,d bytes of ledger_entries (%.1f%%)"
              + " for %,d entries%n",
          tileBytes, entryBytes, 100.0 * tileBytes / entryBytes, with.head("bench").seq());
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  private static void report(String what, int perAppend, long[] with, long[] without) {
    double withMedian = median(with);
    double withoutMedian = median(without);
    double withRate = perAppend / (withMedian / 1e9);
    double withoutRate = perAppend / (withoutMedian / 1e9);
    System.out.printf(
        "BENCH PostgreSQL appends, %s (%d each, median):%n"
            + "BENCH   with the tree:    %8.2f ms = %,10.0f entries/s (total %.1f s)%n"
            + "BENCH   without the tree: %8.2f ms = %,10.0f entries/s (total %.1f s)%n"
            + "BENCH   the tree costs %.1f%% of append throughput (median; by totals %.1f%%)%n",
        what,
        with.length,
        withMedian / 1e6,
        withRate,
        Arrays.stream(with).sum() / 1e9,
        withoutMedian / 1e6,
        withoutRate,
        Arrays.stream(without).sum() / 1e9,
        100 * (1 - withRate / withoutRate),
        100.0 * (1 - (double) Arrays.stream(without).sum() / Arrays.stream(with).sum()));
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long time(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return System.nanoTime() - t0;
  }

  private static long bytes(TestDatabase db, String table) {
    return db.jdbcClient()
        .sql("SELECT pg_total_relation_size('" + table + "')")
        .query(Long.class)
        .single();
  }

  /**
   * A store on its own pool with the JDBC options the README recommends for PostgreSQL (batched
   * inserts rewritten into multi-row ones), as production would run it.
   */
  private static LedgerStore store(TestDatabase db, boolean growTree, List<AutoCloseable> open) {
    HikariConfig config = new HikariConfig();
    HikariDataSource base = (HikariDataSource) db.dataSource();
    config.setJdbcUrl(base.getJdbcUrl() + "&reWriteBatchedInserts=true&prepareThreshold=-1");
    config.setUsername(base.getUsername());
    config.setPassword(base.getPassword());
    config.setMaximumPoolSize(4);
    HikariDataSource ds = new HikariDataSource(config);
    open.add(ds);
    return new LedgerStore(
        JdbcClient.create(ds),
        new JdbcTemplate(ds),
        new TransactionTemplate(new DataSourceTransactionManager(ds)),
        Clock.systemUTC(),
        growTree);
  }

  private static List<NewLedgerEntry> batch(int b, int size) {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(b * 10_000L);
    List<NewLedgerEntry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      entries.add(
          new NewLedgerEntry(
              t0.plusSeconds(i),
              "user-" + (i % 50),
              "document.read",
              "doc/" + (i % 997),
              Outcome.SUCCESS,
              Map.of("n", i, "ip", "10.0." + (i % 250) + "." + (i % 7))));
    }
    return entries;
  }
}
