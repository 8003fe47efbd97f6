package io.exportjobs.worker.extraction;

import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.TestDatabase.Engine;
import io.exportjobs.shared.export.JobQueries;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A migrated ledger and job index on a {@link TestDatabase} (in-memory H2, or a schema of its own
 * in the test PostgreSQL) behind a pool of two connections: an extraction holds one connection and
 * writes its progress on the other.
 */
final class LedgerDatabase implements AutoCloseable {

  final DataSource pool;
  final LedgerStore ledger;
  final JobStore jobIndex;
  final JobQueries jobQueries;
  private final TestDatabase db;
  private final Clock clock;

  private LedgerDatabase(Engine engine, Clock clock) {
    this.db = TestDatabase.create(engine, 2);
    this.clock = clock;
    this.pool = db.dataSource();
    this.ledger = new LedgerStore(db.jdbcClient(), db.jdbcTemplate(), db.tx(), clock);
    this.jobIndex = new JobStore(db.jdbcClient(), db.tx(), clock);
    this.jobQueries = new JobQueries(db.jdbcClient());
  }

  static LedgerDatabase h2(Clock clock) {
    return new LedgerDatabase(Engine.H2, clock);
  }

  static LedgerDatabase postgres(Clock clock) {
    return new LedgerDatabase(Engine.POSTGRES, clock);
  }

  /** Another pool on the same database, for a second party such as a session holding a lock. */
  DataSource newPool() {
    return db.newPool();
  }

  /**
   * The same ledger read and written through {@code dataSource}, such as a wrapper of {@link
   * #pool}.
   */
  LedgerStore ledgerOver(DataSource dataSource) {
    return new LedgerStore(
        JdbcClient.create(dataSource),
        new JdbcTemplate(dataSource),
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        clock);
  }

  @Override
  public void close() {
    db.close();
  }
}
