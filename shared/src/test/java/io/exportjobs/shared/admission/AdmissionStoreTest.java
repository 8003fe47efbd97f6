package io.exportjobs.shared.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.admission.Admission.Decision;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.tenant.TenantLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdmissionStoreTest {

  private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
  private static final TimeRange RANGE =
      new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));

  TestDatabase db;
  JobStore index;
  AdmissionStore store;
  final AtomicLong clockMillis = new AtomicLong(BASE.toEpochMilli());
  final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(clockMillis.get());
        }
      };

  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(engine());
    index = new JobStore(db.jdbcClient(), db.tx(), clock);
    store = new AdmissionStore(db.jdbcClient(), new TenantLocks(db.jdbcClient(), db.tx()), clock);
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private ExportJob job(String id, String tenant, int minute, String scheduleId) {
    ExportJob job =
        ExportRequest.builder()
            .jobId(id)
            .tenant(tenant)
            .type(ExportType.LEDGER)
            .format(ExportType.LEDGER.defaultFormat())
            .range(RANGE)
            .labels(Map.of())
            .retention("P30D")
            .target("default")
            .createdAt(BASE.plus(Duration.ofMinutes(minute)))
            .requestedBy("dev-demo-writer")
            .callerScopes(Set.of("exports:write"))
            .scheduleId(scheduleId)
            .build()
            .pendingJob();
    assertThat(index.insertPending(job, null, null)).isTrue();
    return job;
  }

  private ExportJob job(String id, int minute) {
    return job(id, "demo", minute, null);
  }

  private static AdmissionRequest ask(ExportJob job) {
    return new AdmissionRequest(job.id(), job.tenant(), job.attempt(), job.createdAt());
  }

  private Decision claim(ExportJob job, int maxActive) {
    return store.claim(ask(job), maxActive).decision();
  }

  private void finish(ExportJob job, ExportStatus status) {
    index.record(new JobSnapshot(job.toBuilder().status(status).build(), 99, null));
  }

  @Test
  void atMostMaxActiveAreAdmittedAndTheRestStartInCreationOrder() {
    List<ExportJob> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(job("exp-demo-" + i, i));
    }
    // the later jobs ask first, but the earlier ones were just created: the slots are theirs
    assertThat(claim(jobs.get(5), 2)).isEqualTo(Decision.WAIT);
    assertThat(claim(jobs.get(3), 2)).isEqualTo(Decision.WAIT);
    // job 1 fits together with job 0, which has not asked yet: both slots are for them
    assertThat(claim(jobs.get(1), 2)).isEqualTo(Decision.ADMITTED);
    assertThat(claim(jobs.get(4), 2)).isEqualTo(Decision.WAIT);
    assertThat(claim(jobs.get(2), 2)).as("the last slot is job 0's").isEqualTo(Decision.WAIT);
    assertThat(claim(jobs.get(0), 2)).isEqualTo(Decision.ADMITTED);
    assertThat(claim(jobs.get(1), 2)).as("idempotent once admitted").isEqualTo(Decision.ADMITTED);
    assertThat(claim(jobs.get(2), 2)).as("both slots taken").isEqualTo(Decision.WAIT);

    finish(jobs.get(1), ExportStatus.COMPLETED);
    // one slot is free: only the earliest waiter gets it, whoever asks first
    assertThat(claim(jobs.get(5), 2)).isEqualTo(Decision.WAIT);
    assertThat(claim(jobs.get(3), 2)).isEqualTo(Decision.WAIT);
    assertThat(claim(jobs.get(2), 2)).isEqualTo(Decision.ADMITTED);
    assertThat(claim(jobs.get(3), 2)).isEqualTo(Decision.WAIT);

    finish(jobs.get(0), ExportStatus.FAILED);
    assertThat(claim(jobs.get(4), 2)).isEqualTo(Decision.WAIT);
    assertThat(claim(jobs.get(3), 2)).isEqualTo(Decision.ADMITTED);
  }

  @Test
  void aPendingJobThatNeverAsksHoldsTheQueueOnlyBriefly() {
    ExportJob silent = job("exp-demo-a", 0);
    ExportJob later = job("exp-demo-b", 1);
    assertThat(claim(later, 1)).isEqualTo(Decision.WAIT);
    // its workflow never started (say, the api died before starting it)
    clockMillis.addAndGet(AdmissionStore.UNCLAIMED_GRACE.plusMinutes(1).toMillis());
    assertThat(claim(later, 1)).isEqualTo(Decision.ADMITTED);
    assertThat(index.findById(silent.id()).orElseThrow().job().status())
        .isEqualTo(ExportStatus.PENDING);
  }

  @Test
  void anAdmittedJobStartsAtTheMomentItTookTheSlot() {
    ExportJob first = job("exp-demo-a", 0);
    ExportJob second = job("exp-demo-b", 1);
    Admission admitted = store.claim(ask(first), 1);
    assertThat(admitted.startedAt()).isEqualTo(BASE);
    // still pending in the index until the workflow records running (with that startedAt)
    index.record(
        new JobSnapshot(
            first.toBuilder().status(ExportStatus.RUNNING).startedAt(admitted.startedAt()).build(),
            1,
            null));
    assertThat(claim(second, 1)).isEqualTo(Decision.WAIT);
    clockMillis.addAndGet(5_000);
    assertThat(store.claim(ask(first), 1))
        .as("a repeated claim answers the same")
        .isEqualTo(admitted);
  }

  /**
   * A waiting job asks again only when woken (or after a long fallback): however long ago it last
   * asked, it keeps its place until the job index says it is over (cancelled, failed, or failed by
   * the reconciler after its workflow was terminated).
   */
  @Test
  void aWaiterKeepsItsPlaceHoweverLongAgoItAskedUntilItsJobEnds() {
    ExportJob running = job("exp-demo-a", 0);
    ExportJob cancelled = job("exp-demo-b", 1);
    ExportJob quiet = job("exp-demo-c", 2);
    ExportJob last = job("exp-demo-d", 3);
    assertThat(claim(running, 1)).isEqualTo(Decision.ADMITTED);
    assertThat(claim(cancelled, 1)).isEqualTo(Decision.WAIT);
    assertThat(claim(quiet, 1)).isEqualTo(Decision.WAIT);
    assertThat(claim(last, 1)).isEqualTo(Decision.WAIT);
    finish(running, ExportStatus.COMPLETED);
    finish(cancelled, ExportStatus.CANCELLED);
    clockMillis.addAndGet(Duration.ofHours(6).toMillis());
    assertThat(store.earliestWaiters("demo", 1)).containsExactly(quiet.id());
    assertThat(claim(last, 1)).as("`quiet` is still ahead of it").isEqualTo(Decision.WAIT);
    finish(quiet, ExportStatus.FAILED);
    assertThat(claim(last, 1)).isEqualTo(Decision.ADMITTED);
  }

  @Test
  void aFreedSlotWakesOnlyTheWaitersThatFitInIt() {
    ExportJob a = job("exp-demo-a", 0);
    ExportJob b = job("exp-demo-b", 1);
    ExportJob c = job("exp-demo-c", 2);
    ExportJob d = job("exp-demo-d", 3);
    ExportJob e = job("exp-demo-e", 4);
    assertThat(claim(a, 2)).isEqualTo(Decision.ADMITTED);
    assertThat(claim(b, 2)).isEqualTo(Decision.ADMITTED);
    assertThat(claim(c, 2)).isEqualTo(Decision.WAIT);
    assertThat(claim(d, 2)).isEqualTo(Decision.WAIT);
    assertThat(claim(e, 2)).isEqualTo(Decision.WAIT);
    assertThat(store.waitersThatFit("demo", 2)).as("no slot is free").isEmpty();
    finish(a, ExportStatus.COMPLETED);
    assertThat(store.waitersThatFit("demo", 2)).containsExactly(c.id());
    finish(b, ExportStatus.FAILED);
    assertThat(store.waitersThatFit("demo", 2))
        .as("two free slots, and c has not asked again yet")
        .containsExactly(c.id(), d.id());
    assertThat(claim(c, 2)).isEqualTo(Decision.ADMITTED);
    assertThat(store.waitersThatFit("demo", 2)).containsExactly(d.id());
  }

  @Test
  void tenantsDoNotShareSlots() {
    ExportJob demo = job("exp-demo-a", "demo", 0, null);
    ExportJob acme = job("exp-acme-a", "acme", 1, null);
    assertThat(claim(demo, 1)).isEqualTo(Decision.ADMITTED);
    assertThat(claim(acme, 1)).isEqualTo(Decision.ADMITTED);
  }

  @Test
  void aRetryIsANewAttemptThatQueuesAgain() {
    ExportJob first = job("exp-demo-a", 0);
    ExportJob other = job("exp-demo-b", 1);
    assertThat(claim(first, 1)).isEqualTo(Decision.ADMITTED);
    finish(first, ExportStatus.FAILED);
    assertThat(claim(other, 1)).isEqualTo(Decision.ADMITTED);
    assertThat(index.markRetrying(first.id(), 1)).contains(2);
    ExportJob retried = first.toBuilder().attempt(2).build();
    assertThat(claim(retried, 1))
        .as("attempt 2 is not admitted by attempt 1's row")
        .isEqualTo(Decision.WAIT);
    finish(other, ExportStatus.COMPLETED);
    assertThat(claim(retried, 1)).isEqualTo(Decision.ADMITTED);
  }

  @Test
  void concurrentClaimsFromManyWorkersNeverAdmitMoreThanTheLimitAndKeepTheOrder() throws Exception {
    List<ExportJob> jobs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      jobs.add(job("exp-demo-c" + String.format("%02d", i), i));
    }
    List<String> admitted = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      // rounds of everyone asking at once, as waiting workflows do, until nothing changes
      for (int round = 0; round < 6; round++) {
        List<Callable<Void>> calls = new ArrayList<>();
        for (ExportJob j : jobs) {
          calls.add(
              () -> {
                if (claim(j, 3) == Decision.ADMITTED && !admitted.contains(j.id())) {
                  admitted.add(j.id());
                }
                return null;
              });
        }
        for (Future<Void> f : pool.invokeAll(calls)) {
          f.get();
        }
        assertThat(admitted.size()).as("admitted after round %d", round).isLessThanOrEqualTo(3);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(admitted)
        .containsExactlyInAnyOrder(jobs.get(0).id(), jobs.get(1).id(), jobs.get(2).id());
  }
}
