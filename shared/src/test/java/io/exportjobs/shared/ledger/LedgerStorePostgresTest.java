package io.exportjobs.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Every ledger test again on PostgreSQL, plus the concurrency figure of issue 3. */
class LedgerStorePostgresTest extends LedgerStoreTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }

  /**
   * 8 appenders, each with its own connection pool (as 8 api instances would be), × 50 batches ×
   * 200 entries: seq 1..80,000 with no gap or duplicate, and the chain verifies.
   */
  @Test
  void eightAppendersFromSeparateInstancesKeepTheChainGapFree() throws Exception {
    int appenders = 8;
    int batches = 50;
    int perBatch = 200;
    ExecutorService pool = Executors.newFixedThreadPool(appenders);
    List<DataSource> instances = new ArrayList<>();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int a = 0; a < appenders; a++) {
        DataSource ds = db.newPool();
        instances.add(ds);
        LedgerStore instance =
            new LedgerStore(
                JdbcClient.create(ds),
                new JdbcTemplate(ds),
                new TransactionTemplate(new DataSourceTransactionManager(ds)),
                Clock.systemUTC());
        int appender = a;
        running.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < batches; b++) {
                    List<NewLedgerEntry> batch = new ArrayList<>(perBatch);
                    for (int i = 0; i < perBatch; i++) {
                      batch.add(
                          new NewLedgerEntry(
                              Instant.parse("2026-10-01T00:00:00Z").plusSeconds(i),
                              "appender-" + appender,
                              "batch.append",
                              "batch/" + b,
                              Outcome.SUCCESS,
                              Map.of("i", i)));
                    }
                    instance.append("demo", batch);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      for (DataSource ds : instances) {
        ((AutoCloseable) ds).close();
      }
    }
    JdbcClient jdbc = db.jdbcClient();
    long total = appenders * batches * perBatch;
    assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_entries").query(Long.class).single())
        .isEqualTo(total);
    assertThat(
            jdbc.sql("SELECT COUNT(DISTINCT seq) FROM ledger_entries").query(Long.class).single())
        .isEqualTo(total);
    assertThat(jdbc.sql("SELECT MIN(seq) FROM ledger_entries").query(Long.class).single())
        .isEqualTo(1);
    assertThat(jdbc.sql("SELECT MAX(seq) FROM ledger_entries").query(Long.class).single())
        .isEqualTo(total);
    LedgerStore store =
        new LedgerStore(db.jdbcClient(), db.jdbcTemplate(), db.tx(), Clock.systemUTC());
    ChainVerification verification = store.verify("demo", 1, null);
    assertThat(verification.valid()).isTrue();
    assertThat(verification.checked()).isEqualTo(total);
    assertThat(verification.headSeq()).isEqualTo(total);
    assertThat(verification.firstBrokenSeq()).isNull();
  }
}
