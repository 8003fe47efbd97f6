package io.exportjobs.shared.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.shared.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant's lock row: created once whoever asks first, held for the whole body, so a count made
 * under it cannot be changed by a concurrent caller before the body writes.
 */
class TenantLocksTest {

  TestDatabase db;
  TenantLocks locks;

  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(engine());
    locks = new TenantLocks(db.jdbcClient(), db.tx());
    // a table of the test's own, so the test counts and writes only what the lock guards
    db.jdbcTemplate().execute("CREATE TABLE lock_probe (tenant VARCHAR(64), n INT)");
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private long lockRows(String tenant) {
    return db.jdbcClient()
        .sql("SELECT COUNT(*) FROM export_tenant_locks WHERE tenant = ?")
        .param(tenant)
        .query(Long.class)
        .single();
  }

  private long probes(String tenant) {
    return db.jdbcClient()
        .sql("SELECT COUNT(*) FROM lock_probe WHERE tenant = ?")
        .param(tenant)
        .query(Long.class)
        .single();
  }

  @Test
  void concurrentCountThenInsertNeverPassesTheLimit() throws Exception {
    int limit = 5;
    int callers = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int n = i;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return locks.underLock(
                      "acme",
                      () -> {
                        if (probes("acme") >= limit) {
                          return false;
                        }
                        db.jdbcClient()
                            .sql("INSERT INTO lock_probe (tenant, n) VALUES (?, ?)")
                            .params("acme", n)
                            .update();
                        return true;
                      });
                }));
      }
      start.countDown();
      long admitted = 0;
      for (Future<Boolean> answer : answers) {
        admitted += answer.get() ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(limit);
      assertThat(probes("acme")).isEqualTo(limit);
      // every first caller raced to create the row; there is one
      assertThat(lockRows("acme")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBodyThatThrowsWritesNothingAndLeavesTheRowForTheNext() {
    assertThatThrownBy(
            () ->
                locks.underLock(
                    "globex",
                    () -> {
                      db.jdbcClient()
                          .sql("INSERT INTO lock_probe (tenant, n) VALUES (?, ?)")
                          .params("globex", 1)
                          .update();
                      throw new IllegalStateException("refused");
                    }))
        .hasMessage("refused");
    assertThat(probes("globex")).isZero();
    assertThat(lockRows("globex")).isEqualTo(1);
    assertThat(locks.underLock("globex", () -> "next")).isEqualTo("next");
  }

  @Test
  void eachTenantHasItsOwnRow() {
    locks.underLock("a", () -> null);
    locks.underLock("b", () -> null);
    locks.underLock("a", () -> null);
    assertThat(lockRows("a")).isEqualTo(1);
    assertThat(lockRows("b")).isEqualTo(1);
  }
}
