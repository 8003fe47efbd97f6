package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.shared.artifact.S3ArtifactStore;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
 * Issue 17: an export's life on the production topology, through both api instances, with the
 * artifacts in SeaweedFS: a ledger export from creation to download, an evidence pack stored in the
 * S3 bucket and verified, a schedule whose run completes, a cancel that leaves nothing behind, the
 * jobs in the Temporal Web UI's list, and the job index in agreement with {@code temporal workflow
 * list}. Tenant {@code demo} (as the README's examples).
 */
@Order(Integer.MAX_VALUE - 1)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Cluster.LOCK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleE2ETest {

  /** A day of its own in 2023, so that the test runs again on the same cluster. */
  static final Instant FROM =
      Instant.parse("2023-01-01T00:00:00Z")
          .plus(Duration.ofDays(java.util.concurrent.ThreadLocalRandom.current().nextInt(365)));

  static final Instant TO = FROM.plus(Duration.ofDays(1));

  /** A range large enough that its export is still running when it is cancelled. */
  static final Instant BIG_FROM = Instant.parse("2024-01-01T00:00:00Z");

  static final Instant BIG_TO = Instant.parse("2024-07-01T00:00:00Z");
  static final String SCHEDULE = "cluster-hourly";

  @RegisterExtension static final Cluster cluster = Cluster.suite();
  static Http api1;
  static Http api2;
  static ClusterJobs jobs;
  static S3Client bucket;
  static String bucketName;
  static String evidencePackId;
  static String cancelledId;

  @BeforeAll
  static void start() {
    api1 = new Http(cluster.apiUrl(1), "dev-demo-writer");
    api2 = new Http(cluster.apiUrl(2), "dev-demo-writer");
    jobs = new ClusterJobs(cluster, api2, "demo");
    // the bucket as the api and workers see it, with the credentials the compose file gives them
    Map<String, String> env = cluster.environment("worker-1");
    bucketName = env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_BUCKET");
    bucket =
        S3ArtifactStore.newClient(
            S3ArtifactStore.Settings.of(
                bucketName,
                env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_ENDPOINT"),
                env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_ACCESSKEY"),
                env.get("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_SECRETKEY")));
    jobs.appendSpread(FROM, TO, 5_000);
    jobs.appendSpread(BIG_FROM, BIG_TO, 300_000);
  }

  @AfterAll
  static void stop() {
    if (bucket != null) {
      bucket.close();
    }
  }

  @Test
  @Order(1)
  void aLedgerExportCreatedOnOneApiIsServedByTheOther() throws Exception {
    Instant since = Instant.now();
    Http.Response created = api1.post("/exports", body("ledger", "csv", FROM, TO));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/api/v1/exports/" + id);
    assertThat(created.json().get("status").asText()).isEqualTo("pending");

    JsonNode done =
        api2.awaitStatus(id, "completed", Duration.ofMinutes(3), Duration.ofMillis(500));
    assertThat(done.path("artifact").path("entryCount").asLong()).isEqualTo(5_000);
    Http.Response artifact = api2.get("/exports/" + id + "/artifact");
    assertThat(artifact.status()).isEqualTo(200);
    String sha = done.path("artifact").path("sha256").asText();
    assertThat(Digests.sha256Hex(artifact.body())).isEqualTo(sha);
    assertThat(artifact.header("ETag")).isEqualTo("\"" + sha + "\"");
    assertThat(artifact.text().lines()).hasSize(5_001); // a header row and the entries

    // the workflow holds the retention timer from here; its search attribute says completed
    assertThat(Workflows.exportStatus(cluster.workflowClient(), id)).isEqualTo("completed");
    assertThat(jobs.ownActions(id, since))
        .containsEntry("export.requested", 1)
        .containsEntry("export.started", 1)
        .containsEntry("export.completed", 1)
        .containsEntry("export.downloaded", 1);
    assertThat(objects(id)).hasSize(1);
  }

  @Test
  @Order(2)
  void anEvidencePackIsStoredInTheBucketAndVerifies() {
    Http.Response created = api2.post("/exports", body("evidence_pack", "tar.gz", FROM, TO));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    evidencePackId = created.json().get("id").asText();
    JsonNode done =
        api1.awaitStatus(
            evidencePackId, "completed", Duration.ofMinutes(3), Duration.ofMillis(500));
    JsonNode verification = api1.get("/exports/" + evidencePackId + "/verification").json();
    assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
    assertThat(verification.path("signature").path("valid").asBoolean()).isTrue();

    List<S3Object> stored = objects(evidencePackId);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).key()).endsWith(evidencePackId + ".tar.gz");
    assertThat(stored.get(0).size()).isEqualTo(done.path("artifact").path("sizeBytes").asLong());
    byte[] bytes =
        bucket.getObjectAsBytes(b -> b.bucket(bucketName).key(stored.get(0).key())).asByteArray();
    assertThat(Digests.sha256Hex(bytes)).isEqualTo(done.path("artifact").path("sha256").asText());
  }

  @Test
  @Order(3)
  void aScheduleOnTheClusterRunsAJob() throws Exception {
    Map<String, Object> schedule = new LinkedHashMap<>();
    schedule.put("id", SCHEDULE);
    schedule.put("cron", "@hourly");
    schedule.put("window", "PT1H");
    schedule.put("job", Map.of("type", "ledger", "format", "ndjson"));
    Http.Response created = api1.post("/export-schedules", schedule);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().get("nextRuns")).hasSize(5);
    assertThat(cluster.temporal("schedule", "list")).contains("export-schedule-demo-" + SCHEDULE);

    assertThat(api2.post("/export-schedules/" + SCHEDULE + "/trigger", Map.of()).status())
        .isEqualTo(202);
    String runId =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  JsonNode items = api2.get("/exports?scheduleId=" + SCHEDULE).json().get("items");
                  return items.isEmpty() ? null : items.get(0).get("id").asText();
                },
                id -> id != null);
    assertThat(runId).startsWith("exp-demo-sched-" + SCHEDULE + "-");
    api2.awaitStatus(runId, "completed", Duration.ofMinutes(3), Duration.ofMillis(500));
    assertThat(api1.delete("/export-schedules/" + SCHEDULE).status()).isEqualTo(204);
  }

  @Test
  @Order(4)
  void aCancelledExportLeavesNothingBehind() throws Exception {
    Instant since = Instant.now();
    // a pack of 300,000 entries: its extraction (binary COPY reads ~200,000 entries/s here) and
    // its build give the cancel a few seconds of work to stop
    Http.Response created =
        api1.post("/exports", body("evidence_pack", "tar.gz", BIG_FROM, BIG_TO));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    cancelledId = created.json().get("id").asText();
    jobs.awaitActivityStarted(cancelledId, Set.of("ExtractLedgerEntries", "BuildArtifact"));
    assertThat(api2.post("/exports/" + cancelledId + "/cancel", Map.of()).status()).isEqualTo(202);
    JsonNode job =
        api1.awaitStatus(cancelledId, "cancelled", Duration.ofMinutes(2), Duration.ofMillis(500));
    assertThat(job.get("artifact").isNull()).isTrue();
    awaitWorkflow(cancelledId, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(jobs.ownActions(cancelledId, since)).containsEntry("export.cancelled", 1);
    // no object in the bucket, no staging file on the workers' shared folder
    assertThat(objects(cancelledId)).isEmpty();
    try (Stream<Path> files = Files.walk(Path.of(cluster.manifest.path("appDataDir").asText()))) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .noneMatch(p -> p.contains(cancelledId));
    }
  }

  @Test
  @Order(5)
  void theWebUiListsTheJobsWithTheirStatus() throws Exception {
    RealServers.browser();
    String packs = "ExportTenant=\"demo\" AND ExportType=\"evidence_pack\"";
    String cancelled = "ExportTenant=\"demo\" AND ExportStatus=\"cancelled\"";
    awaitVisible(packs + " AND ExportStatus=\"completed\"", evidencePackId);
    awaitVisible(cancelled, cancelledId);
    try (WebUi ui = WebUi.open(cluster.temporalUi(), "default")) {
      ui.showExportColumns();
      ui.openWorkflowList(packs);
      assertThat(ui.awaitListed(evidencePackId)).contains("demo", "evidence_pack", "completed");
      ui.screenshot("cluster-webui-evidence-packs");
      ui.openWorkflowList(cancelled);
      assertThat(ui.awaitListed(cancelledId)).contains("demo", "evidence_pack", "cancelled");
      // every job the filtered list shows is a cancelled one
      assertThat(ui.listedWorkflowIds())
          .allSatisfy(
              listed ->
                  assertThat(api1.get("/exports/" + listed).json().get("status").asText())
                      .isEqualTo("cancelled"));
      ui.screenshot("cluster-webui-cancelled");
    }
  }

  @Test
  @Order(6)
  void theJobIndexAgreesWithTemporal() {
    jobs.assertChainValid();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(jobs::assertIndexMatchesTemporal);
  }

  static Map<String, Object> body(String type, String format, Instant from, Instant to) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("format", format);
    body.put("range", Map.of("from", from.toString(), "to", to.toString()));
    return body;
  }

  /** The objects of a job in the bucket, wherever under the prefix the store put them. */
  static List<S3Object> objects(String jobId) {
    return bucket.listObjectsV2Paginator(b -> b.bucket(bucketName)).contents().stream()
        .filter(o -> o.key().contains("/" + jobId + "/"))
        .toList();
  }

  /** The job's workflow closes just after its last status is recorded (a cancelled job's). */
  static void awaitWorkflow(String id, WorkflowExecutionStatus status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Workflows.status(cluster.workflowClient(), id) == status);
  }

  static void awaitVisible(String query, String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                cluster
                    .workflowClient()
                    .listExecutions(query)
                    .anyMatch(e -> e.getExecution().getWorkflowId().equals(id)));
  }
}
