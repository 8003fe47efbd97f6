package io.exportjobs.shared.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.artifact.ArtifactLocation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobStoreTest {

  private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
  private static final TimeRange RANGE =
      new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));

  TestDatabase db;

  /** The database these tests run on; a subclass runs them all again on PostgreSQL. */
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  private JobStore index;
  private JobQueries queries;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(engine());
    index = new JobStore(db.jdbcClient(), db.tx(), Clock.systemUTC());
    queries = new JobQueries(db.jdbcClient());
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static ExportJob job(
      String id,
      String tenant,
      ExportType type,
      Instant createdAt,
      Map<String, String> labels,
      String scheduleId) {
    return ExportRequest.builder()
        .jobId(id)
        .tenant(tenant)
        .type(type)
        .format(type.defaultFormat())
        .range(RANGE)
        .filters(new ExportFilters(List.of("alice"), List.of(), List.of(), List.of()))
        .labels(labels)
        .retention("P30D")
        .target("default")
        .createdAt(createdAt)
        .requestedBy("dev-demo-writer")
        .callerScopes(Set.of("exports:read", "exports:write"))
        .scheduleId(scheduleId)
        .build()
        .pendingJob();
  }

  private static ExportJob job(String id, Instant createdAt) {
    return job(id, "demo", ExportType.LEDGER, createdAt, Map.of(), null);
  }

  private ExportJob insert(ExportJob job) {
    assertThat(index.insertPending(job, null, null)).isTrue();
    return job;
  }

  private ExportJob stored(String id) {
    return index.findById(id).orElseThrow().job();
  }

  @Test
  void insertPendingThenFind() {
    ExportJob job =
        job("exp-demo-1", "demo", ExportType.EVIDENCE_PACK, BASE, Map.of("ticket", "SEC-42"), null);
    assertThat(index.insertPending(job, "key-1", "hash-1")).isTrue();

    StoredJob stored = index.find("demo", "exp-demo-1").orElseThrow();
    assertThat(stored.job()).isEqualTo(job);
    assertThat(stored.job().status()).isEqualTo(ExportStatus.PENDING);
    assertThat(stored.job().format()).isEqualTo(ExportFormat.TAR_GZ);
    assertThat(stored.job().filters().actors()).containsExactly("alice");
    assertThat(stored.job().labels()).containsExactly(Map.entry("ticket", "SEC-42"));
    assertThat(stored.idempotencyKey()).isEqualTo("key-1");
    assertThat(stored.requestHash()).isEqualTo("hash-1");
    assertThat(stored.artifactLocation()).isNull();
    // another tenant does not see it
    assertThat(index.find("acme", "exp-demo-1")).isEmpty();
    assertThat(index.find("demo", "exp-demo-2")).isEmpty();
  }

  @Test
  void secondInsertWithSameIdReturnsFalseAndWritesNothing() {
    ExportJob job = job("exp-demo-1", "demo", ExportType.LEDGER, BASE, Map.of("a", "1"), null);
    assertThat(index.insertPending(job, "key", "hash-1")).isTrue();

    ExportJob other =
        job(
            "exp-demo-1",
            "demo",
            ExportType.AUDIT_REPORT,
            BASE.plusSeconds(5),
            Map.of("b", "2"),
            null);
    assertThat(index.insertPending(other, "key", "hash-2")).isFalse();

    StoredJob stored = index.findById("exp-demo-1").orElseThrow();
    assertThat(stored.job()).isEqualTo(job);
    assertThat(stored.requestHash()).isEqualTo("hash-1");
    assertThat(
            db.jdbcClient()
                .sql("SELECT COUNT(*) FROM export_job_labels WHERE job_id = ?")
                .param("exp-demo-1")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  private static ExportJob running(ExportJob job) {
    return job.toBuilder()
        .status(ExportStatus.RUNNING)
        .startedAt(BASE.plusSeconds(10))
        .runId("run-1")
        .progress(new ExportProgress(5, 100, 10L))
        .build();
  }

  private static ExportJob completed(ExportJob job) {
    return running(job).toBuilder()
        .status(ExportStatus.COMPLETED)
        .completedAt(BASE.plusSeconds(20))
        .expiresAt(BASE.plusSeconds(20).plusSeconds(30L * 86_400))
        .progress(new ExportProgress(10, 2048, 10L))
        .artifact(
            new ExportArtifact(
                job.id() + ".ndjson", "application/x-ndjson", 2048, "ab".repeat(32), 10, null))
        .build();
  }

  private static ExportJob failed(ExportJob job) {
    return running(job).toBuilder()
        .status(ExportStatus.FAILED)
        .error(new ExportError("extraction_failed", "boom", "extract", 3, BASE.plusSeconds(30)))
        .build();
  }

  @Test
  void recordAppliesNewerIgnoresOlderAndReplays() {
    ExportJob job = insert(job("exp-demo-1", BASE));

    assertThat(index.record(new JobSnapshot(running(job), 5, null))).isTrue();
    assertThat(stored("exp-demo-1").status()).isEqualTo(ExportStatus.RUNNING);
    assertThat(stored("exp-demo-1").runId()).isEqualTo("run-1");

    // an older revision arriving late changes nothing
    assertThat(index.record(new JobSnapshot(completed(job), 3, null))).isFalse();
    assertThat(stored("exp-demo-1")).isEqualTo(running(job));

    // replaying the same revision changes nothing
    ExportJob replay = running(job).toBuilder().progress(new ExportProgress(999, 999)).build();
    assertThat(index.record(new JobSnapshot(replay, 5, null))).isFalse();
    assertThat(stored("exp-demo-1").progress()).isEqualTo(new ExportProgress(5, 100, 10L));

    ArtifactLocation location = new ArtifactLocation("default", "demo/exp-demo-1/attempt-1/f");
    assertThat(index.record(new JobSnapshot(completed(job), 6, location))).isTrue();
    StoredJob done = index.findById("exp-demo-1").orElseThrow();
    assertThat(done.job()).isEqualTo(completed(job));
    assertThat(done.artifactLocation()).isEqualTo(location);
  }

  @Test
  void higherAttemptWinsOverHigherRevisionOfOlderAttempt() {
    ExportJob job = insert(job("exp-demo-1", BASE));
    assertThat(index.record(new JobSnapshot(failed(job), 1_000, null))).isTrue();

    ExportJob attempt2 = running(job).toBuilder().attempt(2).runId("run-2").build();
    assertThat(index.record(new JobSnapshot(attempt2, 1, null))).isTrue();
    assertThat(stored("exp-demo-1").attempt()).isEqualTo(2);
    assertThat(stored("exp-demo-1").status()).isEqualTo(ExportStatus.RUNNING);
    assertThat(stored("exp-demo-1").error()).isNull();

    // a late write of attempt 1, however high its revision, loses
    assertThat(index.record(new JobSnapshot(completed(job), 5_000, null))).isFalse();
    assertThat(stored("exp-demo-1").attempt()).isEqualTo(2);
    assertThat(stored("exp-demo-1").status()).isEqualTo(ExportStatus.RUNNING);
  }

  /** A run that a schedule started was never inserted by the api: its first write creates it. */
  @Test
  void recordOfAJobTheApiNeverInsertedCreatesItsRow() {
    ExportJob running = running(job("exp-demo-sched-x-2026-11-01T00:00:00Z", BASE));
    assertThat(index.record(new JobSnapshot(running, 1, null))).isTrue();
    ExportJob stored = stored("exp-demo-sched-x-2026-11-01T00:00:00Z");
    assertThat(stored.status()).isEqualTo(ExportStatus.RUNNING);
    assertThat(stored.tenant()).isEqualTo("demo");
    assertThat(stored.labels()).isEqualTo(running.labels());
    // and it is ordered like any other: an older write of the same attempt loses
    assertThat(
            index.record(
                new JobSnapshot(job("exp-demo-sched-x-2026-11-01T00:00:00Z", BASE), 0, null)))
        .isFalse();
  }

  /** entriesTotal: null until the policy check counted, kept by the extraction's progress. */
  @Test
  void entriesTotalIsStoredAndKeptByProgressWrites() {
    ExportJob job = insert(job("exp-demo-1", BASE));
    assertThat(stored("exp-demo-1").progress().entriesTotal()).isNull();
    index.record(new JobSnapshot(running(job), 1, null));
    index.recordProgress("exp-demo-1", 1, new ExportProgress(7, 700));
    assertThat(stored("exp-demo-1").progress()).isEqualTo(new ExportProgress(7, 700, 10L));
  }

  /** What the reconciler writes for a job whose workflow was terminated in Temporal. */
  @Test
  void aClosedRunIsRecordedFailedOnlyWhileItsAttemptIsUnfinished() {
    ExportJob job = insert(job("exp-demo-1", BASE));
    index.record(new JobSnapshot(running(job), 1_000_001, null));
    ExportError terminated =
        new ExportError("workflow_terminated", "terminated by ops", null, 0, BASE.plusSeconds(60));
    long revision = BASE.plusSeconds(60).toEpochMilli() * 1_000 + 999;

    ExportJob failed = index.recordClosedRun("exp-demo-1", 1, terminated, revision).orElseThrow();

    assertThat(failed.status()).isEqualTo(ExportStatus.FAILED);
    assertThat(failed.error()).isEqualTo(terminated);
    assertThat(failed.startedAt()).isEqualTo(running(job).startedAt());
    // a late write of the terminated run (an activity that was still in flight) changes nothing
    assertThat(index.record(new JobSnapshot(running(job), 1_000_002, null))).isFalse();
    assertThat(stored("exp-demo-1").status()).isEqualTo(ExportStatus.FAILED);
    // recorded once; another attempt, or a job already over, is left alone
    assertThat(index.recordClosedRun("exp-demo-1", 1, terminated, revision + 1)).isEmpty();
    assertThat(index.recordClosedRun("exp-demo-1", 2, terminated, revision + 1)).isEmpty();
    ExportJob other = insert(job("exp-demo-2", BASE));
    index.record(new JobSnapshot(completed(other), 5, null));
    assertThat(index.recordClosedRun("exp-demo-2", 1, terminated, revision)).isEmpty();
    // and it is retryable like any failed job
    assertThat(index.markRetrying("exp-demo-1", 1)).contains(2);
  }

  @Test
  void markRetryingOnlyFromFailedOrCancelledAndOnlyOncePerAttempt() {
    ExportJob job = insert(job("exp-demo-1", BASE));
    assertThat(index.markRetrying("exp-demo-1", 1)).isEmpty();

    index.record(new JobSnapshot(running(job), 1, null));
    assertThat(index.markRetrying("exp-demo-1", 1)).isEmpty();

    index.record(new JobSnapshot(failed(job), 2, null));
    assertThat(index.markRetrying("exp-demo-1", 1)).contains(2);
    ExportJob retried = stored("exp-demo-1");
    assertThat(retried.status()).isEqualTo(ExportStatus.PENDING);
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.error()).isNull();
    assertThat(retried.startedAt()).isNull();
    assertThat(retried.runId()).isNull();
    assertThat(retried.progress()).isEqualTo(ExportProgress.none());
    // a second retry at the same attempt loses
    assertThat(index.markRetrying("exp-demo-1", 1)).isEmpty();
    assertThat(index.markRetrying("exp-demo-1", 2)).isEmpty();
    assertThat(stored("exp-demo-1").attempt()).isEqualTo(2);

    // cancelled is retryable too
    ExportJob cancelled = retried.toBuilder().status(ExportStatus.CANCELLED).runId("run-2").build();
    assertThat(index.record(new JobSnapshot(cancelled, 1, null))).isTrue();
    assertThat(index.markRetrying("exp-demo-1", 2)).contains(3);

    // completed is not
    ExportJob other = insert(job("exp-demo-2", BASE));
    index.record(new JobSnapshot(completed(other), 1, null));
    assertThat(index.markRetrying("exp-demo-2", 1)).isEmpty();
    assertThat(stored("exp-demo-2").status()).isEqualTo(ExportStatus.COMPLETED);
  }

  @Test
  void revertRetryRestoresTheFailedJob() {
    ExportJob job = insert(job("exp-demo-1", BASE));
    index.record(new JobSnapshot(failed(job), 7, null));
    StoredJob before = index.findById("exp-demo-1").orElseThrow();
    assertThat(index.markRetrying("exp-demo-1", 1)).contains(2);

    index.revertRetry(before);
    assertThat(stored("exp-demo-1")).isEqualTo(before.job());
    // and it can be retried again
    assertThat(index.markRetrying("exp-demo-1", 1)).contains(2);
  }

  @Test
  void deletePendingOnlyDeletesUntouchedPendingJobs() {
    ExportJob a = insert(job("exp-demo-a", BASE));
    ExportJob b = insert(job("exp-demo-b", BASE));
    index.record(new JobSnapshot(running(b), 1, null));

    index.deletePending(a.id());
    index.deletePending(b.id());
    assertThat(index.findById(a.id())).isEmpty();
    assertThat(index.findById(b.id())).isPresent();
  }

  private List<String> ids(JobPage page) {
    return page.items().stream().map(ExportJob::id).toList();
  }

  private static JobListQuery query(int pageSize, String token) {
    return new JobListQuery("demo", null, null, null, null, pageSize, token);
  }

  @Test
  void listIsNewestFirstWithKeysetPages() {
    for (int i = 1; i <= 7; i++) {
      insert(job("exp-demo-" + i, BASE.plusSeconds(i)));
    }
    // two jobs with the same createdAt: ordered by id, descending
    insert(job("exp-demo-9a", BASE.plusSeconds(8)));
    insert(job("exp-demo-9b", BASE.plusSeconds(8)));
    insert(job("exp-acme-1", "acme", ExportType.LEDGER, BASE.plusSeconds(100), Map.of(), null));

    List<String> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      JobPage page = queries.list(query(3, token));
      assertThat(page.items().size()).isLessThanOrEqualTo(3);
      all.addAll(ids(page));
      token = page.nextPageToken();
      pages++;
    } while (token != null);

    assertThat(all)
        .containsExactly(
            "exp-demo-9b",
            "exp-demo-9a",
            "exp-demo-7",
            "exp-demo-6",
            "exp-demo-5",
            "exp-demo-4",
            "exp-demo-3",
            "exp-demo-2",
            "exp-demo-1");
    assertThat(pages).isEqualTo(3);
    // an exactly full last page has no next token
    JobPage whole = queries.list(query(9, null));
    assertThat(whole.items()).hasSize(9);
    assertThat(whole.nextPageToken()).isNull();
  }

  @Test
  void listFilters() {
    ExportJob a =
        insert(
            job(
                "exp-demo-a",
                "demo",
                ExportType.LEDGER,
                BASE.plusSeconds(1),
                Map.of("team", "sec", "env", "prod"),
                null));
    ExportJob b =
        insert(
            job(
                "exp-demo-b",
                "demo",
                ExportType.EVIDENCE_PACK,
                BASE.plusSeconds(2),
                Map.of("team", "sec"),
                "nightly"));
    ExportJob c =
        insert(
            job(
                "exp-demo-c",
                "demo",
                ExportType.AUDIT_REPORT,
                BASE.plusSeconds(3),
                Map.of("team", "ops"),
                "nightly"));
    ExportJob d =
        insert(job("exp-demo-d", "demo", ExportType.LEDGER, BASE.plusSeconds(4), Map.of(), null));
    index.record(new JobSnapshot(failed(a), 1, null));
    index.record(new JobSnapshot(completed(b), 1, null));
    index.record(
        new JobSnapshot(running(d).toBuilder().status(ExportStatus.CANCELLED).build(), 1, null));

    assertThat(
            ids(
                queries.list(
                    new JobListQuery(
                        "demo", List.of(ExportStatus.FAILED), null, null, null, 50, null))))
        .containsExactly("exp-demo-a");
    assertThat(
            ids(
                queries.list(
                    new JobListQuery(
                        "demo",
                        List.of(ExportStatus.FAILED, ExportStatus.CANCELLED),
                        null,
                        null,
                        null,
                        50,
                        null))))
        .containsExactly("exp-demo-d", "exp-demo-a");
    assertThat(
            ids(
                queries.list(
                    new JobListQuery(
                        "demo", null, List.of(ExportType.LEDGER), null, null, 50, null))))
        .containsExactly("exp-demo-d", "exp-demo-a");
    assertThat(
            ids(
                queries.list(
                    new JobListQuery(
                        "demo",
                        null,
                        List.of(ExportType.LEDGER, ExportType.AUDIT_REPORT),
                        null,
                        null,
                        50,
                        null))))
        .containsExactly("exp-demo-d", "exp-demo-c", "exp-demo-a");
    assertThat(ids(queries.list(new JobListQuery("demo", null, null, "nightly", null, 50, null))))
        .containsExactly("exp-demo-c", "exp-demo-b");
    assertThat(
            ids(
                queries.list(
                    new JobListQuery("demo", null, null, null, Map.of("team", "sec"), 50, null))))
        .containsExactly("exp-demo-b", "exp-demo-a");
    assertThat(
            ids(
                queries.list(
                    new JobListQuery(
                        "demo", null, null, null, Map.of("team", "sec", "env", "prod"), 50, null))))
        .containsExactly("exp-demo-a");
    assertThat(
            ids(
                queries.list(
                    new JobListQuery(
                        "demo",
                        List.of(ExportStatus.PENDING),
                        null,
                        "nightly",
                        Map.of("team", "ops"),
                        50,
                        null))))
        .containsExactly("exp-demo-c");
    assertThat(
            ids(
                queries.list(
                    new JobListQuery(
                        "demo",
                        List.of(ExportStatus.COMPLETED),
                        List.of(ExportType.LEDGER),
                        null,
                        null,
                        50,
                        null))))
        .isEmpty();
    assertThat(ids(queries.list(new JobListQuery("acme", null, null, null, null, 50, null))))
        .isEmpty();
    assertThat(c.scheduleId()).isEqualTo("nightly");
  }

  @Test
  void pagesStayStableWhileNewJobsArrive() {
    for (int i = 1; i <= 5; i++) {
      insert(job("exp-demo-orig-" + i, BASE.plusSeconds(i)));
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int newer = 0;
    do {
      JobPage page = queries.list(query(2, token));
      seen.addAll(ids(page));
      token = page.nextPageToken();
      // two newer jobs land between every two page fetches
      insert(job("exp-demo-new-" + ++newer, BASE.plusSeconds(1_000 + newer)));
      insert(job("exp-demo-new-" + ++newer, BASE.plusSeconds(1_000 + newer)));
    } while (token != null);

    assertThat(seen)
        .containsExactly(
            "exp-demo-orig-5",
            "exp-demo-orig-4",
            "exp-demo-orig-3",
            "exp-demo-orig-2",
            "exp-demo-orig-1");
    assertThat(queries.list(query(200, null)).items()).hasSize(5 + newer);
  }

  @Test
  void invalidPageTokensAreRefused() {
    insert(job("exp-demo-1", BASE));
    List<String> tokens =
        List.of(
            "garbage!!",
            "%%%",
            "abc",
            b64("no separator here"),
            b64("not-a-time|exp-demo-1"),
            b64("2026-13-45T00:00:00Z|exp-demo-1"));
    for (String token : tokens) {
      assertThatThrownBy(() -> queries.list(query(10, token)))
          .as("token %s", token)
          .isInstanceOf(InvalidPageTokenException.class);
    }
  }

  /**
   * BUG: a token that decodes to an instant {@link Instant#parse} accepts but {@code
   * OffsetDateTime} cannot hold (|year| = 1,000,000,000) passes {@code JobPageToken.decode} and
   * then throws a bare {@code DateTimeException} from {@code SqlTime.toSql} — the api answers it
   * with 500.
   */
  @Test
  void pageTokenWithAnInstantOutsideTheSqlRangeIsRefusedAsInvalid() {
    insert(job("exp-demo-1", BASE));
    for (String raw :
        List.of("+1000000000-12-31T23:59:59Z|exp-demo-1", "-1000000000-01-01T00:00:00Z|x")) {
      assertThatThrownBy(() -> queries.list(query(10, b64(raw))))
          .as("token of %s", raw)
          .isInstanceOf(InvalidPageTokenException.class);
    }
  }

  private static String b64(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }
}
