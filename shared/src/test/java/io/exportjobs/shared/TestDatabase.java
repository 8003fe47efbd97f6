package io.exportjobs.shared;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh, migrated database per test, behind a connection pool: an in-memory H2 database, or a
 * schema of its own in the PostgreSQL server that `make test` starts ({@code
 * EXPORTJOBS_TEST_PG_URL}). Without that server PostgreSQL tests are skipped locally and fail in CI
 * ({@code EXPORTJOBS_REQUIRE_SERVERS=1}).
 */
public final class TestDatabase implements AutoCloseable {

  public enum Engine {
    H2,
    POSTGRES
  }

  private final Engine engine;
  private final String schema;
  private final HikariDataSource pool;
  private final JdbcClient jdbcClient;
  private final JdbcTemplate jdbcTemplate;
  private final TransactionTemplate tx;

  private TestDatabase(Engine engine, String schema, HikariDataSource pool) {
    this.engine = engine;
    this.schema = schema;
    this.pool = pool;
    this.jdbcClient = JdbcClient.create(pool);
    this.jdbcTemplate = new JdbcTemplate(pool);
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
  }

  public static TestDatabase create() {
    return create(Engine.H2);
  }

  public static TestDatabase create(Engine engine) {
    return create(engine, null);
  }

  /**
   * A database migrated only up to {@code targetVersion} (all when null), e.g. to fill it as an
   * older release did before {@link #migrate} runs the rest.
   */
  public static TestDatabase create(Engine engine, String targetVersion) {
    return create(engine, targetVersion, 32);
  }

  /** A migrated database behind a pool of at most {@code poolSize} connections. */
  public static TestDatabase create(Engine engine, int poolSize) {
    return create(engine, null, poolSize);
  }

  private static TestDatabase create(Engine engine, String targetVersion, int poolSize) {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    HikariConfig config = new HikariConfig();
    config.setMaximumPoolSize(poolSize);
    if (engine == Engine.H2) {
      config.setJdbcUrl("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1");
      config.setUsername("sa");
    } else {
      String url = postgresUrl();
      createSchema(url, schema);
      config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
      config.setUsername(System.getenv("EXPORTJOBS_TEST_PG_USER"));
      config.setPassword(System.getenv("EXPORTJOBS_TEST_PG_PASSWORD"));
    }
    HikariDataSource pool = new HikariDataSource(config);
    var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration");
    if (targetVersion != null) {
      flyway.target(targetVersion);
    }
    flyway.load().migrate();
    return new TestDatabase(engine, schema, pool);
  }

  /** Runs the migrations not yet applied. */
  public void migrate() {
    Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
  }

  /** Another pool on the same database: what a second api instance would have. */
  public DataSource newPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pool.getJdbcUrl());
    config.setUsername(pool.getUsername());
    config.setPassword(pool.getPassword());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
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

  private static void createSchema(String url, String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(System.getenv("EXPORTJOBS_TEST_PG_USER"));
    config.setPassword(System.getenv("EXPORTJOBS_TEST_PG_PASSWORD"));
    config.setMaximumPoolSize(1);
    try (HikariDataSource admin = new HikariDataSource(config)) {
      new JdbcTemplate(admin).execute("CREATE SCHEMA " + schema);
    }
  }

  public Engine engine() {
    return engine;
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
    if (engine == Engine.H2) {
      jdbcTemplate.execute("SHUTDOWN");
    } else {
      jdbcTemplate.execute("DROP SCHEMA " + schema + " CASCADE");
    }
    pool.close();
  }
}
