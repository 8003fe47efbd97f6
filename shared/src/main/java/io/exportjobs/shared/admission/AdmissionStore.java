package io.exportjobs.shared.admission;

import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.tenant.TenantLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Decides which job attempts may run, per tenant, in the shared database: at most {@code maxActive}
 * active at once, the rest started in creation order as slots free. Every decision locks the
 * tenant's row first, so the limit holds across any number of workers and api instances.
 *
 * <p>A job holds its place in the queue while the job index says it is pending or running: a
 * waiting job asks again only when woken (or after a long fallback), so how recently it asked says
 * nothing about whether it still waits. A job whose workflow was terminated leaves the queue when
 * the reconciler records it failed.
 */
public class AdmissionStore {

  /**
   * A pending job that has not asked yet (its workflow starts in any order after the api listed it)
   * holds its place for this long after its creation.
   */
  public static final Duration UNCLAIMED_GRACE = Duration.ofMinutes(2);

  private static final String ACTIVE_JOB =
      " JOIN export_jobs j ON j.id = a.job_id AND j.attempt = a.attempt"
          + " AND j.status IN ('pending', 'running')";

  private final JdbcClient jdbc;
  private final TenantLocks locks;
  private final Clock clock;

  public AdmissionStore(JdbcClient jdbc, TenantLocks locks, Clock clock) {
    this.jdbc = jdbc;
    this.locks = locks;
    this.clock = clock;
  }

  /** Admits the attempt or tells it to wait; idempotent once admitted. */
  public Admission claim(AdmissionRequest request, int maxActive) {
    return locks.underLock(request.tenant(), () -> decide(request, maxActive));
  }

  /** Runs holding the tenant's lock row. */
  private Admission decide(AdmissionRequest r, int maxActive) {
    Instant now = clock.instant();
    // an admitted row's seen_at is the moment it took the slot, and is never touched again
    Optional<Instant> admittedAt =
        jdbc.sql(
                "SELECT seen_at FROM export_admissions WHERE job_id = ? AND attempt = ?"
                    + " AND state = 'admitted'")
            .params(r.jobId(), r.attempt())
            .query((rs, n) -> SqlTime.read(rs, 1))
            .optional();
    if (admittedAt.isPresent()) {
      // a retried claim: the same answer as the first time
      return Admission.admitted(admittedAt.get());
    }
    Instant unclaimedSince = now.minus(UNCLAIMED_GRACE);
    long active =
        jdbc.sql(
                "SELECT COUNT(*) FROM export_admissions a"
                    + ACTIVE_JOB
                    + " WHERE a.tenant = ? AND a.state = 'admitted' AND a.job_id <> ?")
            .params(r.tenant(), r.jobId())
            .query(Long.class)
            .single();
    // earlier jobs that wait for a slot, or were created so recently that they have not asked
    // yet (their workflows start in any order): the slot is theirs first
    long earlierWaiters =
        jdbc.sql(
                "SELECT COUNT(*) FROM export_jobs j LEFT JOIN export_admissions a"
                    + " ON a.job_id = j.id AND a.attempt = j.attempt"
                    + " WHERE j.tenant = ? AND j.status = 'pending' AND j.id <> ?"
                    + " AND (j.created_at < ? OR (j.created_at = ? AND j.id < ?))"
                    + " AND ((a.job_id IS NULL AND j.created_at > ?) OR a.state = 'waiting')")
            .params(
                r.tenant(),
                r.jobId(),
                toSql(r.createdAt()),
                toSql(r.createdAt()),
                r.jobId(),
                toSql(unclaimedSince))
            .query(Long.class)
            .single();
    // first come, first served: a job starts only if there is room for it and for every
    // earlier job that still waits (so jobs that fit start together, at once)
    if (active + earlierWaiters < maxActive) {
      upsert(r, "admitted", now);
      return Admission.admitted(now);
    }
    upsert(r, "waiting", now);
    return Admission.waiting(
        active
            + " of at most "
            + maxActive
            + " jobs are active and "
            + earlierWaiters
            + " earlier jobs wait");
  }

  /**
   * The tenant's earliest waiting jobs that fit in its free slots ({@code maxActive} less the jobs
   * admitted and still pending or running): the ones to wake when a slot frees. Waking more would
   * only make the others ask, and wait again, behind the earliest.
   */
  public List<String> waitersThatFit(String tenant, int maxActive) {
    long active =
        jdbc.sql(
                "SELECT COUNT(*) FROM export_admissions a"
                    + ACTIVE_JOB
                    + " WHERE a.tenant = ? AND a.state = 'admitted'")
            .params(tenant)
            .query(Long.class)
            .single();
    long free = maxActive - active;
    return free <= 0 ? List.of() : earliestWaiters(tenant, (int) Math.min(free, 64));
  }

  /** The tenant's earliest jobs that wait for a slot, at most {@code limit}. */
  public List<String> earliestWaiters(String tenant, int limit) {
    return jdbc.sql(
            "SELECT a.job_id FROM export_admissions a"
                + ACTIVE_JOB
                + " WHERE a.tenant = ? AND a.state = 'waiting'"
                + " ORDER BY a.created_at, a.job_id LIMIT ?")
        .params(tenant, limit)
        .query(String.class)
        .list();
  }

  private void upsert(AdmissionRequest r, String state, Instant now) {
    int updated =
        jdbc.sql(
                "UPDATE export_admissions SET attempt = ?, state = ?, seen_at = ?, created_at = ?"
                    + " WHERE job_id = ?")
            .params(r.attempt(), state, toSql(now), toSql(r.createdAt()), r.jobId())
            .update();
    if (updated == 0) {
      // safe without a race: the tenant's lock row is held, and a job id belongs to one tenant
      jdbc.sql(
              "INSERT INTO export_admissions (job_id, tenant, attempt, created_at, state, seen_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")
          .params(r.jobId(), r.tenant(), r.attempt(), toSql(r.createdAt()), state, toSql(now))
          .update();
    }
  }
}
