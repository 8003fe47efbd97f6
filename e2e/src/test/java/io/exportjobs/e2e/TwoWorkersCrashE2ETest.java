package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, done-when 4: two worker processes share 20 jobs against one dev server and one
 * PostgreSQL; one is killed with SIGKILL while it is in the middle of several extractions, and all
 * 20 jobs still complete once each, every artifact holding exactly the entries of its range.
 *
 * <p>Both workers get the same data folder, as the compose deployment does (one volume mounted at
 * {@code /data} in the api and every worker): the staging file of an extraction that the killed
 * worker left is where the surviving worker resumes it. With {@code
 * -Dexportjobs.e2e.workerDisks=own} each worker stages in its own folder and only the artifact
 * store is shared, as in a deployment with object storage and no shared volume: a PublishArtifact
 * that runs on another worker than its extraction would find no staging file ({@code
 * staging_lost}); the surviving worker then re-extracts a killed worker's jobs from the start.
 */
class TwoWorkersCrashE2ETest {

  static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
  static final Instant TO = Instant.parse("2025-04-01T00:00:00Z");
  static final int ENTRIES = 60_000;
  static final int JOBS = 20;
  static final boolean OWN_DISKS = "own".equals(System.getProperty("exportjobs.e2e.workerDisks"));
  static final String SCHEMA = "e2e_two_" + UUID.randomUUID().toString().substring(0, 8);

  /** Per connection: a 30,000-entry extraction (some 10 MB of COPY rows) takes many seconds. */
  static final long SLOW_LINK_BYTES_PER_SECOND = 512 * 1024;

  @RegisterExtension
  static final Stack stack =
      Stack.perClassOnPostgres(
          SCHEMA, Map.of("exportjobs.policy.defaults.max-active-jobs", Integer.toString(JOBS)));

  static final Http http = stack.http("dev-demo-writer");

  static SlowLink slowLink;

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    LedgerFixtures.appendSpread(stack.apiBean(LedgerStore.class), "demo", FROM, TO, ENTRIES);
    System.out.printf("appended %,d entries in %.1f s%n", ENTRIES, (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void closeSlowLink() throws java.io.IOException {
    if (slowLink != null) {
      slowLink.close();
    }
  }

  /**
   * Job i exports the first (20 + i) / 40 of the ledger, 30,000 to 58,500 entries: all of similar
   * size, so that none is publishing yet when the kill comes early in the extractions (a worker
   * killed during PublishArtifact leaves its job waiting for that activity's 30-minute timeout).
   */
  static Instant end(int i) {
    long span = TO.toEpochMilli() - FROM.toEpochMilli();
    return Instant.ofEpochMilli(FROM.toEpochMilli() + span * (JOBS + i) / (2 * JOBS));
  }

  @Test
  void killingOneOfTwoWorkersMidRunLeavesAllTwentyJobsCompletedWithCorrectArtifacts()
      throws Exception {
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    Map<String, Instant> ends = new LinkedHashMap<>();
    try (WorkerProcess first = startWorker(1);
        WorkerProcess second = startWorker(2)) {
      // both workers poll before any job exists, so that both get a share
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () ->
                  activityPollers(client)
                      .containsAll(Set.of(first.pid() + "@", second.pid() + "@")));
      for (int i = 0; i < JOBS; i++) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "ledger");
        body.put("format", "ndjson");
        body.put("range", Map.of("from", FROM.toString(), "to", end(i).toString()));
        Http.Response created = http.post("/exports", body);
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        ends.put(created.json().get("id").asText(), end(i));
      }

      // kill the first worker while it is in the middle of at least two extractions (a
      // checkpoint heartbeated, not finished) and not publishing anything
      String victim = first.pid() + "@";
      List<String> midRun = new ArrayList<>();
      // what the polls saw, for the reader of a failure: activity type @ worker pid (+ whether it
      // had heartbeated a checkpoint)
      Set<String> seen = new java.util.TreeSet<>();
      try {
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> {
                  midRun.clear();
                  boolean publishing = false;
                  for (String id : ends.keySet()) {
                    for (PendingActivityInfo a : pending(client, id)) {
                      String who = a.getLastWorkerIdentity();
                      seen.add(
                          a.getActivityType().getName()
                              + "@"
                              + who.substring(0, Math.max(0, who.indexOf('@')))
                              + (checkpointed(a) > 0 ? " checkpointed" : ""));
                      if (!who.startsWith(victim)) {
                        continue;
                      }
                      String type = a.getActivityType().getName();
                      if (type.equals("ExtractLedgerEntries") && checkpointed(a) > 0) {
                        midRun.add(id);
                      } else if (type.equals("PublishArtifact")) {
                        publishing = true;
                      }
                    }
                  }
                  return midRun.size() >= 2 && !publishing;
                });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        report(client, ends.keySet());
        // in the message, since a CI summary shows only that
        throw new AssertionError(
            "worker " + victim + " was never caught mid-run; pending activities seen: " + seen, e);
      }
      first.kill();
      long killedAt = System.nanoTime();
      long completedAtKill =
          ends.keySet().stream()
              .filter(
                  id ->
                      http.get("/exports/" + id).json().get("status").asText().equals("completed"))
              .count();
      System.out.printf(
          "killed worker %d mid-run in %d extractions %s; %d of %d jobs completed before%n",
          first.pid(), midRun.size(), midRun, completedAtKill, JOBS);

      // the survivor finishes every job
      try {
        for (String id : ends.keySet()) {
          http.awaitStatus(id, "completed", Duration.ofMinutes(4), Duration.ofMillis(500));
        }
      } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
        report(client, ends.keySet());
        throw e;
      }
      System.out.printf(
          "all %d jobs completed %.1f s after the kill%n",
          JOBS, (System.nanoTime() - killedAt) / 1e9);
      assertThat(second.isAlive()).isTrue();
      // it took over at least one of the killed worker's extractions from its checkpoint
      if (!OWN_DISKS) {
        assertThat(midRun).anyMatch(id -> output(second).contains("resuming extraction of " + id));
      }
    }

    LedgerStore ledger = stack.apiBean(LedgerStore.class);
    for (var job : ends.entrySet()) {
      String id = job.getKey();
      JsonNode done = http.get("/exports/" + id).json();
      assertThat(done.get("attempt").asInt()).as(id).isEqualTo(1);
      assertThat(done.get("error").isNull()).as(id).isTrue();
      Http.Response artifact = http.get("/exports/" + id + "/artifact");
      assertThat(artifact.status()).as(id).isEqualTo(200);
      assertThat(artifact.header("ETag"))
          .isEqualTo("\"" + done.get("artifact").get("sha256").asText() + "\"");
      long count = checkArtifact(ledger, artifact.text(), job.getValue());
      assertThat(done.get("artifact").get("entryCount").asLong()).as(id).isEqualTo(count);
      // one run per job: nothing was started twice
      assertThat(client.listExecutions("WorkflowId='" + id + "'").count()).as(id).isEqualTo(1);
    }
    // no job lost, none doubled: the index holds exactly the 20, each completed once
    JsonNode listed = http.get("/exports?pageSize=200").json();
    List<String> ids = new ArrayList<>();
    listed.get("items").forEach(j -> ids.add(j.get("id").asText()));
    assertThat(ids).containsExactlyInAnyOrderElementsOf(ends.keySet());
    // one artifact per job, and no staging file left anywhere
    Path artifacts = stack.dataDir.resolve("artifacts");
    try (Stream<Path> files = Files.walk(artifacts)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> artifacts.relativize(p).toString()))
          .containsExactlyInAnyOrderElementsOf(
              ends.keySet().stream()
                  .map(id -> "demo/" + id + "/attempt-1/" + id + ".ndjson")
                  .toList());
    }
    try (Stream<Path> files = Files.walk(stack.dataDir)) {
      assertThat(files.filter(p -> p.toString().contains("staging")).filter(Files::isRegularFile))
          .isEmpty();
    }
  }

  static WorkerProcess startWorker(int n) throws java.io.IOException {
    Map<String, String> env = new LinkedHashMap<>(stack.workerEnvironment());
    if (n == 1) {
      // the worker to be killed reads its database over a slow link, so that its extractions
      // last seconds on any machine (COPY would finish each of these ranges in well under the
      // 1 s between checkpoints, and the kill would find nothing in the middle of a run)
      env.put("EXPORTJOBS_DB_URL", throughSlowLink(env.get("EXPORTJOBS_DB_URL")));
    }
    // all 20 jobs at once, so that the killed worker is in the middle of several (the default
    // policy would let 4 of the tenant's jobs run and queue the rest)
    env.put("EXPORTJOBS_POLICY_DEFAULTS_MAXACTIVEJOBS", Integer.toString(JOBS));
    if (OWN_DISKS) {
      env.put("EXPORTJOBS_DATA_DIR", stack.dataDir.resolve("worker-" + n).toString());
      env.put(
          "EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_PATH",
          stack.dataDir.resolve("artifacts").toString());
    }
    return WorkerProcess.start(env, stack.dataDir.resolve("worker-" + n + ".log"));
  }

  /** The same JDBC URL with its host and port replaced by a slow link to them. */
  static String throughSlowLink(String url) throws java.io.IOException {
    Matcher hostPort = Pattern.compile("//127\\.0\\.0\\.1:(\\d+)/").matcher(url);
    assertThat(hostPort.find()).as(url).isTrue();
    // steady: a pooled connection opened when the worker started and idle until its first
    // extraction must not answer at full speed until it catches up with the link's average (on a
    // slow machine those idle seconds were enough for whole extractions to finish unobserved)
    slowLink = SlowLink.steady(Integer.parseInt(hostPort.group(1)), SLOW_LINK_BYTES_PER_SECOND);
    return hostPort.replaceFirst("//127.0.0.1:" + slowLink.port() + "/");
  }

  /**
   * The artifact holds exactly the ledger's entries of {@code [FROM, end)} in seq order, each line
   * the entry as recorded (its hash recomputed from the line's own fields matches the ledger's):
   * nothing lost, doubled or altered by the crash. Returns the entry count.
   */
  static long checkArtifact(LedgerStore ledger, String ndjson, Instant end) throws Exception {
    List<String> lines = ndjson.lines().toList();
    assertThat(ndjson).endsWith("\n");
    List<LedgerEntry> expected = new ArrayList<>();
    ledger.stream(new LedgerQuery("demo", FROM, end, ExportFilters.none(), 0), expected::add);
    assertThat(lines).hasSize(expected.size());
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      LedgerEntry got = Json.mapper().readValue(lines.get(i), LedgerEntry.class);
      LedgerEntry want = expected.get(i);
      assertThat(got.seq()).isEqualTo(want.seq());
      assertThat(got.hash()).isEqualTo(want.hash());
      assertThat(got.prevHash()).isEqualTo(want.prevHash());
      assertThat(LedgerHasher.recompute(got)).isEqualTo(got.hash());
      assertThat(seen.add(got.seq())).isTrue();
    }
    return lines.size();
  }

  /** Where each job stands, and the worker logs kept under target/, for a failure's reader. */
  static void report(WorkflowClient client, Set<String> ids) {
    for (String id : ids) {
      JsonNode job = http.get("/exports/" + id).json();
      System.out.printf(
          "%s %s %s pending=%s%n",
          id,
          job.get("status").asText(),
          job.get("error"),
          pending(client, id).stream()
              .map(
                  a ->
                      a.getActivityType().getName()
                          + "@"
                          + a.getLastWorkerIdentity()
                          + " attempt "
                          + a.getAttempt()
                          + " "
                          + a.getState())
              .toList());
    }
    try {
      Path kept = Path.of("target", "two-workers-logs");
      Files.createDirectories(kept);
      for (int n = 1; n <= 2; n++) {
        Path log = stack.dataDir.resolve("worker-" + n + ".log");
        if (Files.exists(log)) {
          Files.copy(
              log,
              kept.resolve(log.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (java.io.IOException e) {
      System.out.println("could not keep the worker logs: " + e);
    }
  }

  /** The pid part ({@code <pid>@}) of every worker identity polling the stack's activities. */
  static Set<String> activityPollers(WorkflowClient client) {
    var response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeTaskQueue(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setTaskQueue(TaskQueue.newBuilder().setName(stack.taskQueue).build())
                    .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
                    .build());
    Set<String> pids = new HashSet<>();
    response
        .getPollersList()
        .forEach(p -> pids.add(p.getIdentity().substring(0, p.getIdentity().indexOf('@') + 1)));
    return pids;
  }

  static List<PendingActivityInfo> pending(WorkflowClient client, String id) {
    return Workflows.describe(client, id).getPendingActivitiesList();
  }

  /** Entries in an extraction's last heartbeat; 0 if none yet. */
  static long checkpointed(PendingActivityInfo activity) {
    if (!activity.hasHeartbeatDetails() || activity.getHeartbeatDetails().getPayloadsCount() == 0) {
      return 0;
    }
    Map<?, ?> checkpoint =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            activity.getHeartbeatDetails().getPayloads(0), Map.class, Map.class);
    // PublishArtifact heartbeats with null details (it has no checkpoint): nothing checkpointed
    if (checkpoint == null || !(checkpoint.get("entries") instanceof Number entries)) {
      return 0;
    }
    return entries.longValue();
  }

  static String output(WorkerProcess worker) {
    try {
      return worker.output();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
