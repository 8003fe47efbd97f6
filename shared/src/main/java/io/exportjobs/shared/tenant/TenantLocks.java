package io.exportjobs.shared.tenant;

import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one owner of the tenant lock table ({@code export_tenant_locks}): one row per tenant, locked
 * ({@code SELECT ... FOR UPDATE}) by every decision that counts a tenant's jobs and then writes, so
 * the count cannot change under it. Admission (the max-active limit, in the worker) and the hourly
 * quota (in the api) take the same row, so either holds across any number of processes.
 */
public class TenantLocks {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public TenantLocks(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /**
   * Runs {@code body} in one transaction that holds the tenant's lock row: concurrent callers for
   * the same tenant run one after the other; what {@code body} writes commits with the decision, or
   * nothing does when it throws.
   */
  public <T> T underLock(String tenant, Supplier<T> body) {
    ensureRow(tenant);
    return tx.execute(
        status -> {
          jdbc.sql("SELECT tenant FROM export_tenant_locks WHERE tenant = ? FOR UPDATE")
              .param(tenant)
              .query(String.class)
              .single();
          return body.get();
        });
  }

  /** Creates the tenant's row if it is missing, in its own transaction (a lock needs a row). */
  private void ensureRow(String tenant) {
    boolean exists =
        jdbc.sql("SELECT COUNT(*) FROM export_tenant_locks WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single()
            > 0;
    if (exists) {
      return;
    }
    try {
      tx.executeWithoutResult(
          s ->
              jdbc.sql("INSERT INTO export_tenant_locks (tenant) VALUES (?)")
                  .param(tenant)
                  .update());
    } catch (DuplicateKeyException alreadyCreated) {
      // a concurrent caller created it first; that is all we needed
    }
  }
}
