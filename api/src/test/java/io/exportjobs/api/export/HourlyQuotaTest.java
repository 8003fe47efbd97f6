package io.exportjobs.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * maxJobsPerHour: the next submission is 429 quota_exceeded with a Retry-After that is right. It
 * counts jobs created through POST /exports only: scheduled runs and retries use none of it.
 */
class HourlyQuotaTest extends RealHttpTestSupport {

  private static final String BODY =
      """
      {"type": "ledger",
       "range": {"from": "2026-10-01T00:00:00Z", "to": "2026-10-02T00:00:00Z"}}
      """;

  @BeforeEach
  void gatewayStarts() {
    doAnswer(inv -> "run-" + ((ExportRequest) inv.getArgument(0)).attempt())
        .when(gateway)
        .start(any());
  }

  @AfterEach
  void noPolicyFile() {
    writePolicyFile("");
  }

  private void limit(String tenant, int perHour) {
    writePolicyFile("tenants:\n  %s:\n    max-jobs-per-hour: %d\n".formatted(tenant, perHour));
  }

  private Response create(String tenant, String... headers) {
    List<String> all = new ArrayList<>(List.of(asTenant(tenant)));
    all.addAll(List.of(headers));
    return postJson("/api/v1/exports", BODY, all.toArray(String[]::new));
  }

  @Test
  void theFourthJobWithinTheHourIs429WithTheSecondsUntilTheFirstLeavesTheHour() {
    String tenant = freshTenant();
    limit(tenant, 3);
    List<Instant> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Response r = create(tenant, "Idempotency-Key", "quota-" + i);
      assertThat(r.status()).as(r.text()).isEqualTo(202);
      created.add(Instant.parse(jsonOf(r).get("createdAt").asString()));
    }
    Instant before = Instant.now();
    Response fourth = create(tenant);
    Instant after = Instant.now();
    assertProblem(fourth, 429, "quota_exceeded");
    long retryAfter = Long.parseLong(fourth.header("Retry-After"));
    Instant leaves = created.get(0).plus(Duration.ofHours(1));
    // the answer was computed at some moment between before and after, rounded up to seconds
    assertThat(retryAfter)
        .isBetween(
            Duration.between(after, leaves).getSeconds(),
            Duration.between(before, leaves).getSeconds() + 1);

    // a repeat of an earlier Idempotency-Key is the same job, not a new one: no quota needed
    Response repeat = create(tenant, "Idempotency-Key", "quota-1");
    assertThat(repeat.status()).as(repeat.text()).isEqualTo(202);
    // other tenants are not affected
    Response other = create(freshTenant());
    assertThat(other.status()).as(other.text()).isEqualTo(202);
  }

  @Test
  void retryAfterCountsFromTheOldestCreationStillInTheHour() {
    String tenant = freshTenant();
    limit(tenant, 2);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // jobs created 59 min 30 s and 10 min ago (as another api instance would have recorded them)
    insertJob(tenant, now.minus(Duration.ofMinutes(59)).minusSeconds(30));
    insertJob(tenant, now.minus(Duration.ofMinutes(10)));
    insertJob(tenant, now.minus(Duration.ofMinutes(61))); // outside the hour: not counted
    Instant before = Instant.now();
    Response r = create(tenant);
    Instant after = Instant.now();
    assertProblem(r, 429, "quota_exceeded");
    Instant leaves = now.minus(Duration.ofMinutes(59)).minusSeconds(30).plus(Duration.ofHours(1));
    assertThat(Long.parseLong(r.header("Retry-After")))
        .isBetween(
            Math.max(1, Duration.between(after, leaves).getSeconds()),
            Duration.between(before, leaves).getSeconds() + 1);
  }

  @Test
  void concurrentSubmissionsCannotExceedTheQuota() throws Exception {
    String tenant = freshTenant();
    limit(tenant, 5);
    int clients = 16;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Response>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return create(tenant);
                }));
      }
      go.countDown();
      int accepted = 0;
      int refused = 0;
      for (Future<Response> f : futures) {
        Response r = f.get(120, TimeUnit.SECONDS);
        if (r.status() == 202) {
          accepted++;
        } else {
          assertProblem(r, 429, "quota_exceeded");
          refused++;
        }
      }
      assertThat(accepted).isEqualTo(5);
      assertThat(refused).isEqualTo(clients - 5);
      assertThat(
              jdbc.sql("SELECT COUNT(*) FROM export_jobs WHERE tenant = ?")
                  .param(tenant)
                  .query(Long.class)
                  .single())
          .isEqualTo(5L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void scheduledRunsAndRetriesLeavePostExportsOpen() {
    String tenant = freshTenant();
    limit(tenant, 3);
    // a backfill of a year of a daily schedule: 366 runs created within the hour
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int day = 0; day < 366; day++) {
      insertJob(tenant, now.minusSeconds(day), "nightly");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Response r = create(tenant);
      assertThat(r.status()).as("job %d after the backfill: %s", i, r.text()).isEqualTo(202);
      ids.add(jsonOf(r).get("id").asString());
    }
    assertProblem(create(tenant), 429, "quota_exceeded");

    // a retry is the same job again: allowed at the limit, and it does not use up room either
    jdbc.sql("UPDATE export_jobs SET status = 'failed' WHERE id = ?").param(ids.get(0)).update();
    Response retry = postJson("/api/v1/exports/" + ids.get(0) + "/retry", "", asTenant(tenant));
    assertThat(retry.status()).as(retry.text()).isEqualTo(202);
    assertThat(jsonOf(retry).get("attempt").asInt()).isEqualTo(2);
    assertProblem(create(tenant), 429, "quota_exceeded");
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM export_jobs WHERE tenant = ? AND schedule_id IS NULL")
                .param(tenant)
                .query(Long.class)
                .single())
        .isEqualTo(3L);
  }

  private void insertJob(String tenant, Instant createdAt) {
    insertJob(tenant, createdAt, null);
  }

  private void insertJob(String tenant, Instant createdAt, String scheduleId) {
    ExportRequest request =
        ExportRequest.builder()
            .jobId(ExportRequestFactory.jobId(tenant, null))
            .tenant(tenant)
            .type(ExportType.LEDGER)
            .format(ExportFormat.NDJSON)
            .range(
                new TimeRange(
                    Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z")))
            .labels(Map.of())
            .retention("P30D")
            .target("default")
            .createdAt(createdAt)
            .requestedBy("test")
            .callerScopes(Set.of("exports:write"))
            .scheduleId(scheduleId)
            .build();
    assertThat(jobIndex.insertPending(request.pendingJob(), null, null)).isTrue();
  }
}
