package io.exportjobs.shared;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh, migrated in-memory H2 database per test, behind a connection pool. */
public final class TestDatabase implements AutoCloseable {

  private final JdbcConnectionPool pool;
  private final JdbcClient jdbcClient;
  private final JdbcTemplate jdbcTemplate;
  private final TransactionTemplate tx;

  private TestDatabase(JdbcConnectionPool pool) {
    this.pool = pool;
    this.jdbcClient = JdbcClient.create(pool);
    this.jdbcTemplate = new JdbcTemplate(pool);
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
  }

  public static TestDatabase create() {
    JdbcConnectionPool pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    pool.setMaxConnections(32);
    Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    return new TestDatabase(pool);
  }

  public DataSource dataSource() {
    return pool;
  }

  public JdbcClient jdbcClient() {
    return jdbcClient;
  }

  public JdbcTemplate jdbcTemplate() {
    return jdbcTemplate;
  }

  public TransactionTemplate tx() {
    return tx;
  }

  @Override
  public void close() {
    jdbcTemplate.execute("SHUTDOWN");
    pool.dispose();
  }
}
