package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.artifact.S3ArtifactStore;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 17, done-when 2: faults of the production topology in the middle of a 1,000,000-entry
 * export — the Temporal {@code history} process killed with SIGKILL and restarted, one of the two
 * workers killed with SIGKILL, PostgreSQL stopped for 30 seconds and started again. After each, the
 * job completed once (attempt 1, one workflow run, each of its ledger entries once), its artifact
 * is byte-identical to that of an undisturbed run, the ledger's chain is valid, and {@code temporal
 * workflow list} agrees with the job index, and the bucket holds exactly one object of the job.
 * That the fault hit the running extraction is shown from the workflow history: after the worker
 * kill the extraction completed on a later attempt on the other worker; after the PostgreSQL outage
 * an extraction attempt, activity or workflow task failed or timed out, or at the least the job
 * completed only after PostgreSQL was back. Tenant {@code acme}, which no other cluster test uses,
 * so its job index holds exactly these jobs.
 */
@Order(Integer.MAX_VALUE)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Cluster.LOCK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsE2ETest {

  static final Set<String> EXTRACTION = Set.of("ExtractLedgerEntries");

  /** Half a year of its own, so that the test runs again on the same cluster. */
  static final Instant FROM =
      Instant.parse("2000-01-01T00:00:00Z")
          .plus(Duration.ofDays(183L * ThreadLocalRandom.current().nextInt(40)));

  static final Instant TO = FROM.plus(Duration.ofDays(182));
  static final int ENTRIES = 1_000_000;
  static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(10);

  @RegisterExtension static final Cluster cluster = Cluster.suite();
  static Http http;
  static ClusterJobs jobs;
  static S3Client bucket;
  static String bucketName;

  /** The undisturbed run's artifact, which every disturbed run must equal byte for byte. */
  static JsonNode reference;

  @BeforeAll
  static void appendAndExportUndisturbed() throws Exception {
    http = new Http(cluster.apiUrl(1), "dev-acme-admin");
    jobs = new ClusterJobs(cluster, http, "acme");
    // the bucket as the workers see it, with the credentials the compose file gives them
    Map<String, String> env = cluster.environment("worker-1");
    bucketName = env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_BUCKET");
    bucket =
        S3ArtifactStore.newClient(
            S3ArtifactStore.Settings.of(
                bucketName,
                env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_ENDPOINT"),
                env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_ACCESSKEY"),
                env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_SECRETKEY")));
    long t0 = System.nanoTime();
    jobs.appendSpread(FROM, TO, ENTRIES);
    System.out.printf("appended %,d entries in %.1f s%n", ENTRIES, (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    String id = submit();
    reference = http.awaitStatus(id, "completed", EXPORT_TIMEOUT, Duration.ofSeconds(1));
    System.out.printf("undisturbed export in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertThat(reference.path("artifact").path("entryCount").asLong()).isEqualTo(ENTRIES);
    jobs.assertChainValid();
    assertCompletedOnceLikeTheReference(id, Instant.EPOCH);
  }

  @AfterAll
  static void closeBucket() {
    if (bucket != null) {
      bucket.close();
    }
  }

  @Test
  @Order(1)
  void historyKilledMidExportAndRestarted() throws Exception {
    Instant since = Instant.now();
    String id = submit();
    jobs.awaitActivityStarted(id, EXTRACTION);
    cluster.kill("temporal-history");
    try {
      // killed mid-export: without a history service the job cannot have completed since, and
      // the api still answers from the job index
      assertMidExport(id);
    } finally {
      cluster.start("temporal-history"); // the cluster whole again for what follows
    }
    awaitCompleted(id);
    assertCompletedOnceLikeTheReference(id, since);
  }

  @Test
  @Order(2)
  void workerKilledMidExport() throws Exception {
    Instant since = Instant.now();
    String id = submit();
    PendingActivityInfo extraction = jobs.awaitActivityStarted(id, EXTRACTION);
    String victim = workerRunning(extraction);
    String survivor = victim.equals("worker-1") ? "worker-2" : "worker-1";
    long survivorPid = cluster.pid(survivor);
    cluster.kill(victim);
    try {
      assertMidExport(id);
      awaitCompleted(id);
    } finally {
      cluster.start(victim); // the cluster whole again for what follows
    }
    // the kill hit the extraction: it ran again, on the worker that survived
    assertThat(activityRuns(id, EXTRACTION))
        .as("the extraction ran again (attempt 2 or later) on %s (pid %d)", survivor, survivorPid)
        .anySatisfy(
            run -> {
              assertThat(run.attempt()).isGreaterThanOrEqualTo(2);
              assertThat(run.identity()).startsWith(survivorPid + "@");
            });
    assertCompletedOnceLikeTheReference(id, since);
  }

  @Test
  @Order(3)
  void postgresStoppedForThirtySecondsAndStartedAgain() throws Exception {
    Instant since = Instant.now();
    String id = submit();
    jobs.awaitActivityStarted(id, EXTRACTION);
    assertMidExport(id);
    cluster.stop("postgresql");
    try {
      // the deliberate outage: the api reports its database down for 30 s on end
      await()
          .during(Duration.ofSeconds(30))
          .atMost(Duration.ofSeconds(45))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> !apiHealthy());
    } finally {
      cluster.start("postgresql");
    }
    Instant restarted = Instant.now();
    awaitCompleted(id);
    assertCompletedOnceLikeTheReference(id, since);
    // the outage hit the export: its extraction failed and ran again, or a task failed or timed
    // out, or at the least the job completed only after PostgreSQL was back
    List<String> interruptions = interruptions(id);
    Instant completedAt = recordedAt(id, since, "export.completed");
    System.out.printf(
        "postgresql outage: interruptions %s, export.completed at %s, restart at %s%n",
        interruptions, completedAt, restarted);
    assertThat(!interruptions.isEmpty() || completedAt.isAfter(restarted))
        .as(
            "the export was interrupted by the outage (history: %s; export.completed at %s,"
                + " PostgreSQL back at %s)",
            interruptions, completedAt, restarted)
        .isTrue();
  }

  /** One completed run of an activity: the attempt that completed and the worker that ran it. */
  record ActivityRun(String type, int attempt, String identity) {}

  /**
   * The job's activities of these types that started, from its workflow history (Temporal records a
   * retried activity's start once, with the attempt that closed it).
   */
  static List<ActivityRun> activityRuns(String id, Set<String> types) {
    Map<Long, String> scheduled = new HashMap<>();
    List<ActivityRun> runs = new ArrayList<>();
    for (HistoryEvent e : cluster.workflowClient().fetchHistory(id).getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        scheduled.put(
            e.getEventId(),
            e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.hasActivityTaskStartedEventAttributes()) {
        var started = e.getActivityTaskStartedEventAttributes();
        String type = scheduled.get(started.getScheduledEventId());
        if (types.contains(type)) {
          runs.add(new ActivityRun(type, started.getAttempt(), started.getIdentity()));
        }
      }
    }
    return runs;
  }

  /**
   * What in the job's workflow history shows an interruption: an extraction that completed on a
   * later attempt, an activity or workflow task that failed or timed out.
   */
  static List<String> interruptions(String id) {
    List<String> found = new ArrayList<>();
    activityRuns(id, EXTRACTION).stream()
        .filter(r -> r.attempt() >= 2)
        .forEach(r -> found.add(r.type() + " attempt " + r.attempt()));
    for (HistoryEvent e : cluster.workflowClient().fetchHistory(id).getEvents()) {
      switch (e.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_FAILED,
            EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
            EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT ->
            found.add(e.getEventType().name());
        default -> {}
      }
    }
    return found;
  }

  /** When the job's one ledger entry of this action was recorded. */
  static Instant recordedAt(String id, Instant since, String action) {
    List<JsonNode> entries =
        jobs.ownLedgerEntries(id, since).stream()
            .filter(e -> e.get("action").asText().equals(action))
            .toList();
    assertThat(entries).as(action + " entries of " + id).hasSize(1);
    return Instant.parse(entries.get(0).get("recordedAt").asText());
  }

  /** Exactly one object of the job in the cluster's bucket: no artifact written twice. */
  static void assertOneBucketObject(String id) {
    List<S3Object> objects =
        bucket.listObjectsV2Paginator(b -> b.bucket(bucketName)).contents().stream()
            .filter(o -> o.key().contains("/" + id + "/"))
            .toList();
    assertThat(objects).as("bucket objects of " + id).hasSize(1);
  }

  static String submit() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("format", "ndjson");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    Http.Response created = http.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    return created.json().get("id").asText();
  }

  static JsonNode awaitCompleted(String id) {
    return http.awaitStatus(id, "completed", EXPORT_TIMEOUT, Duration.ofSeconds(1));
  }

  /**
   * The fault comes in the middle of the export: its extraction has started on a worker and the job
   * is not completed. (A 1,000,000-entry extraction takes seconds with binary COPY, too short to
   * wait for a progress report first.)
   */
  static void assertMidExport(String id) {
    assertThat(http.get("/exports/" + id).json().get("status").asText()).isEqualTo("running");
  }

  /** Which of the cluster's workers runs the activity (its identity starts with its pid). */
  static String workerRunning(PendingActivityInfo activity) {
    String identity = activity.getLastWorkerIdentity();
    for (String worker : List.of("worker-1", "worker-2")) {
      if (identity.startsWith(cluster.pid(worker) + "@")) {
        return worker;
      }
    }
    throw new AssertionError("no cluster worker has the identity " + identity);
  }

  static boolean apiHealthy() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(cluster.apiUrl(1).replace("/api/v1", "") + "/actuator/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"UP\"");
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Completed once, like the undisturbed run: attempt 1 without error, one workflow run, each of
   * its own ledger entries once, the stored artifact byte-identical to the reference (the
   * verification recomputes its digest from the store), the chain valid, Temporal's list and the
   * job index in agreement.
   */
  static void assertCompletedOnceLikeTheReference(String id, Instant since) throws Exception {
    JsonNode job = http.get("/exports/" + id).json();
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(job.get("attempt").asInt()).isEqualTo(1);
    assertThat(job.get("error").isNull()).as(job.toString()).isTrue();
    JsonNode artifact = job.get("artifact");
    JsonNode expected = reference.get("artifact");
    assertThat(artifact.get("sha256").asText()).isEqualTo(expected.get("sha256").asText());
    assertThat(artifact.get("sizeBytes").asLong()).isEqualTo(expected.get("sizeBytes").asLong());
    assertThat(artifact.get("entryCount").asLong()).isEqualTo(ENTRIES);
    JsonNode verification = http.get("/exports/" + id + "/verification").json();
    assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
    assertThat(verification.get("sha256").asText()).isEqualTo(expected.get("sha256").asText());
    assertOneBucketObject(id);

    assertThat(cluster.workflowClient().listExecutions("WorkflowId='" + id + "'").count())
        .as("workflow runs of " + id)
        .isEqualTo(1);
    List<JsonNode> own = jobs.ownLedgerEntries(id, since);
    Map<String, Integer> actions = jobs.ownActions(id, since);
    assertThat(actions)
        .containsEntry("export.requested", 1)
        .containsEntry("export.started", 1)
        .containsEntry("export.completed", 1);
    assertThat(new ArrayList<>(actions.values())).allMatch(n -> n == 1);
    // the chain from the job's first entry on (the million before it was verified once)
    jobs.assertChainValidFrom(own.get(0).get("seq").asLong());
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(jobs::assertIndexMatchesTemporal);
  }
}
