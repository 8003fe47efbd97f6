package io.exportjobs.shared.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.shared.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;

/**
 * V9 merges the two tenant lock tables: a database that an older release filled (rows in both, some
 * tenants in both) keeps every tenant's row in {@code export_tenant_locks}, once, and has no {@code
 * tenant_job_locks} any more.
 */
class OneTenantLockTableMigrationTest {

  private TestDatabase db;

  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void everyTenantOfBothTablesKeepsOneLockRow() {
    db = TestDatabase.create(engine(), "8");
    for (String tenant : List.of("admitted-only", "both")) {
      db.jdbcClient()
          .sql("INSERT INTO export_tenant_locks (tenant) VALUES (?)")
          .param(tenant)
          .update();
    }
    for (String tenant : List.of("quota-only", "both", "quota-too")) {
      db.jdbcClient()
          .sql("INSERT INTO tenant_job_locks (tenant) VALUES (?)")
          .param(tenant)
          .update();
    }

    db.migrate();

    assertThat(
            db.jdbcClient()
                .sql("SELECT tenant FROM export_tenant_locks ORDER BY tenant")
                .query(String.class)
                .list())
        .containsExactly("admitted-only", "both", "quota-only", "quota-too");
    assertThatThrownBy(
            () ->
                db.jdbcClient()
                    .sql("SELECT COUNT(*) FROM tenant_job_locks")
                    .query(Long.class)
                    .single())
        .isInstanceOf(BadSqlGrammarException.class);
  }

  @Test
  void anEmptyDatabaseMigratesToOneEmptyTable() {
    db = TestDatabase.create(engine(), "8");
    db.migrate();
    assertThat(
            db.jdbcClient()
                .sql("SELECT COUNT(*) FROM export_tenant_locks")
                .query(Long.class)
                .single())
        .isZero();
  }
}
