package io.exportjobs.api.export;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.shared.db.SqlTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The policy's {@code maxJobsPerHour}, over a sliding hour, counted from the job index (so it holds
 * across api instances and restarts). It counts the jobs created through {@code POST /exports}:
 * scheduled runs (which carry a schedule id; a backfill of a year is hundreds of them) and retries
 * (the same job again, created once) never use up a tenant's room to ask for exports. The count and
 * the insert of the new job happen in one transaction holding the tenant's row of {@code
 * tenant_job_locks}: concurrent creates of a tenant queue on that row, so they cannot all see room
 * for one more.
 */
@Component
class HourlyJobQuota {

  static final Duration WINDOW = Duration.ofHours(1);

  /** A job made by POST /exports has no schedule; every scheduled run has one. */
  private static final String CREATED_THROUGH_API = " AND schedule_id IS NULL";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  HourlyJobQuota(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Runs {@code insert} for the tenant if fewer than {@code maxPerHour} of its jobs were created in
   * the last hour; otherwise answers 429 {@code quota_exceeded} with the seconds until the oldest
   * creation that blocks leaves the hour. {@code insert} runs in the locked transaction; it may
   * answer an existing job instead of inserting (an idempotent repeat), which needs no room.
   */
  <T> T withinQuota(String tenant, int maxPerHour, Supplier<T> insert) {
    ensureLockRow(tenant);
    return tx.execute(
        status -> {
          jdbc.sql("SELECT tenant FROM tenant_job_locks WHERE tenant = ? FOR UPDATE")
              .param(tenant)
              .query(String.class)
              .single();
          Instant now = clock.instant();
          OffsetDateTime since = SqlTime.toSql(now.minus(WINDOW));
          long count =
              jdbc.sql(
                      "SELECT COUNT(*) FROM export_jobs WHERE tenant = ? AND created_at > ?"
                          + CREATED_THROUGH_API)
                  .params(tenant, since)
                  .query(Long.class)
                  .single();
          if (count >= maxPerHour) {
            // room for one more once (count - max + 1) creations have left the hour: the
            // (count - max)-th oldest, counting from 0, is the last of them
            Optional<OffsetDateTime> blocking =
                jdbc.sql(
                        "SELECT created_at FROM export_jobs WHERE tenant = ? AND created_at > ?"
                            + CREATED_THROUGH_API
                            + " ORDER BY created_at ASC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")
                    .params(tenant, since, count - maxPerHour)
                    .query(OffsetDateTime.class)
                    .optional();
            long seconds =
                blocking
                    .map(
                        at -> {
                          Duration left = Duration.between(now, at.toInstant().plus(WINDOW));
                          // whole seconds, rounded up, so a client that waits that long gets in
                          return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
                        })
                    .orElse(1L);
            throw ApiException.quotaExceeded(
                "at most "
                    + maxPerHour
                    + " export jobs per hour for this tenant; "
                    + count
                    + " were created in the last hour",
                seconds);
          }
          return insert.get();
        });
  }

  private void ensureLockRow(String tenant) {
    boolean exists =
        jdbc.sql("SELECT COUNT(*) FROM tenant_job_locks WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single()
            > 0;
    if (exists) {
      return;
    }
    try {
      tx.executeWithoutResult(
          status ->
              jdbc.sql("INSERT INTO tenant_job_locks (tenant) VALUES (?)").param(tenant).update());
    } catch (DuplicateKeyException raced) {
      // another request created it first: fine
    }
  }
}
