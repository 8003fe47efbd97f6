package io.exportjobs.api.export;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.shared.export.JobQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The policy's {@code maxJobsPerHour}, over a sliding hour, counted from the job store (so it holds
 * across api instances and restarts). It counts the jobs created through {@code POST /exports}:
 * scheduled runs (which carry a schedule id; a backfill of a year is hundreds of them) and retries
 * (the same job again, created once) never use up a tenant's room to ask for exports. The caller
 * checks holding the tenant's lock row ({@code TenantLocks}) and inserts the new job in that same
 * transaction: concurrent creates of a tenant queue on that row, so they cannot all see room for
 * one more.
 */
@Component
class HourlyJobQuota {

  static final Duration WINDOW = Duration.ofHours(1);

  private final JobQueries jobs;
  private final Clock clock;

  HourlyJobQuota(JobQueries jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
  }

  /**
   * Returns when fewer than {@code maxPerHour} of the tenant's jobs were created in the last hour;
   * otherwise answers 429 {@code quota_exceeded} with the seconds until the oldest creation that
   * blocks leaves the hour. Call it holding the tenant's lock row.
   */
  void check(String tenant, int maxPerHour) {
    Instant now = clock.instant();
    Instant since = now.minus(WINDOW);
    long count = jobs.countCreatedThroughApiSince(tenant, since);
    if (count < maxPerHour) {
      return;
    }
    // room for one more once (count - max + 1) creations have left the hour: the
    // (count - max)-th oldest, counting from 0, is the last of them
    long seconds =
        jobs.createdThroughApiSince(tenant, since, count - maxPerHour)
            .map(
                at -> {
                  Duration left = Duration.between(now, at.plus(WINDOW));
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
}
