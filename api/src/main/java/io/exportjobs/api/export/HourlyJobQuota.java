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
 * counts holding the tenant's lock row ({@code TenantLocks}) and inserts the new jobs in that same
 * transaction: concurrent creates of a tenant queue on that row (or share one batch of it), so they
 * cannot all see room for one more.
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
   * The tenant's room in the current hour, counted once: {@link Room#take} then admits creations
   * one by one (a batch of them, {@code ExportCreation}). Call it holding the tenant's lock row,
   * and insert what it admitted in that same transaction.
   */
  Room room(String tenant) {
    Instant now = clock.instant();
    Instant since = now.minus(WINDOW);
    return new Room(tenant, now, since, jobs.countCreatedThroughApiSince(tenant, since));
  }

  /** The hour's count as read, plus the creations admitted since in the same transaction. */
  final class Room {

    private final String tenant;
    private final Instant now;
    private final Instant since;
    private final long counted;
    private long taken;

    private Room(String tenant, Instant now, Instant since, long counted) {
      this.tenant = tenant;
      this.now = now;
      this.since = since;
      this.counted = counted;
    }

    /**
     * Admits one more creation when fewer than {@code maxPerHour} were created in the last hour
     * (those admitted before it by this room included); otherwise answers 429 {@code
     * quota_exceeded} with the seconds until the oldest creation that blocks leaves the hour.
     */
    void take(int maxPerHour) {
      long count = counted + taken;
      if (count < maxPerHour) {
        taken++;
        return;
      }
      // room for one more once (count - max + 1) creations have left the hour: the
      // (count - max)-th oldest, counting from 0, is the last of them; one admitted by this room
      // was created now and leaves the hour in a whole hour
      long index = count - maxPerHour;
      long seconds =
          index >= counted
              ? WINDOW.getSeconds()
              : jobs.createdThroughApiSince(tenant, since, index)
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
}
