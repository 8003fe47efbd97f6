package io.exportjobs.worker.extraction;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerStore;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A migrated ledger and job index behind a small pool: an in-memory H2 database, or a schema of its
 * own in the PostgreSQL server that `make test` starts ({@code EXPORTJOBS_TEST_PG_URL}; without it
 * the test is skipped locally and fails in CI, where {@code EXPORTJOBS_REQUIRE_SERVERS=1}).
 */
final class LedgerDatabase implements AutoCloseable {

  final HikariDataSource pool;
  final LedgerStore ledger;
  final JobStore jobIndex;
  private final String schema;
  private final boolean postgres;

  private LedgerDatabase(boolean postgres, Clock clock) {
    this.postgres = postgres;
    this.schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    HikariConfig config = new HikariConfig();
    // an extraction holds one connection and writes its progress on another
    config.setMaximumPoolSize(2);
    if (postgres) {
      String url = postgresUrl();
      try (HikariDataSource admin = pool(url, 1)) {
        new JdbcTemplate(admin).execute("CREATE SCHEMA " + schema);
      }
      config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
      config.setUsername(System.getenv("EXPORTJOBS_TEST_PG_USER"));
      config.setPassword(System.getenv("EXPORTJOBS_TEST_PG_PASSWORD"));
    } else {
      config.setJdbcUrl("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1");
      config.setUsername("sa");
    }
    pool = new HikariDataSource(config);
    Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
    ledger = new LedgerStore(JdbcClient.create(pool), new JdbcTemplate(pool), tx, clock);
    jobIndex = new JobStore(JdbcClient.create(pool), tx, clock);
  }

  static LedgerDatabase h2(Clock clock) {
    return new LedgerDatabase(false, clock);
  }

  static LedgerDatabase postgres(Clock clock) {
    return new LedgerDatabase(true, clock);
  }

  private static String postgresUrl() {
    String url = System.getenv("EXPORTJOBS_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      String message = "EXPORTJOBS_TEST_PG_URL is not set: this test needs PostgreSQL (make test)";
      if ("1".equals(System.getenv("EXPORTJOBS_REQUIRE_SERVERS"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return url;
  }

  private static HikariDataSource pool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(System.getenv("EXPORTJOBS_TEST_PG_USER"));
    config.setPassword(System.getenv("EXPORTJOBS_TEST_PG_PASSWORD"));
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  @Override
  public void close() {
    if (postgres) {
      new JdbcTemplate(pool).execute("DROP SCHEMA " + schema + " CASCADE");
    } else {
      new JdbcTemplate(pool).execute("SHUTDOWN");
    }
    pool.close();
  }
}
