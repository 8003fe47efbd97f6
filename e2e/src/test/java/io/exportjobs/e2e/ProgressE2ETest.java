package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, done-when 6: {@code progress.entriesTotal} (the count the workflow's policy check
 * makes) is visible while the job runs, and that value equals the artifact's {@code entryCount}
 * once the job completed; while the extraction runs, the workflow's current details, which the Web
 * UI shows on the workflow's page (headless chromium, screenshot kept), say entries done / total.
 *
 * <p>The worker runs as its own process and reads its PostgreSQL over a {@link SlowLink}, so that
 * an extraction of a few thousand entries lasts long enough, on any machine, to be watched while it
 * runs (its progress reports come at most every 10 s).
 */
class ProgressE2ETest {

  static final Instant FROM = Instant.parse("2026-09-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-09-02T00:00:00Z");
  static final int ENTRIES = 5_000;
  static final String SCHEMA = "e2e_progress_" + UUID.randomUUID().toString().substring(0, 8);

  /** Per connection: the 5,000 entries' COPY rows take tens of seconds to come through. */
  static final long SLOW_LINK_BYTES_PER_SECOND = 48 * 1024;

  /** The running job's current details: entries done / total, as the workflow sets them. */
  static final Pattern RUNNING_DETAILS =
      Pattern.compile("\\*\\*Running\\*\\*: ([\\d,]+) / ([\\d,]+) entries exported");

  @RegisterExtension
  static final Stack stack =
      Stack.perClassOnPostgres(SCHEMA, Map.of()).withEntries("demo", FROM, TO, ENTRIES);

  static final Http http = stack.http("dev-demo-writer");

  static SlowLink slowLink;
  static WorkerProcess worker;

  @BeforeAll
  static void startWorkerOverASlowLink() throws IOException {
    Map<String, String> env = new LinkedHashMap<>(stack.workerEnvironment());
    Matcher hostPort =
        Pattern.compile("//127\\.0\\.0\\.1:(\\d+)/").matcher(env.get("EXPORTJOBS_DB_URL"));
    assertThat(hostPort.find()).as(env.get("EXPORTJOBS_DB_URL")).isTrue();
    // steady: the pool's connections sit idle between the tests, and must not then answer at once
    slowLink = SlowLink.steady(Integer.parseInt(hostPort.group(1)), SLOW_LINK_BYTES_PER_SECOND);
    env.put("EXPORTJOBS_DB_URL", hostPort.replaceFirst("//127.0.0.1:" + slowLink.port() + "/"));
    // the reconciler's schedule is per task queue and would outlive the test
    env.put("EXPORTJOBS_RECONCILER_ENABLED", "false");
    worker = WorkerProcess.start(env, stack.dataDir.resolve("worker.log"));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (slowLink != null) {
      slowLink.close();
    }
  }

  /**
   * The total a running job shows is what it then exports, all of the range or what a filter keeps
   * of it (the policy check counts with the same filter).
   */
  @Test
  void theTotalShownWhileRunningIsTheArtifactsEntryCount() throws Exception {
    String all = submit(Map.of());
    long allTotal = totalWhileRunning(all);
    String alice = submit(Map.of("actors", List.of("alice")));
    long aliceTotal = totalWhileRunning(alice);

    JsonNode allDone = awaitCompleted(all);
    assertThat(allDone.get("artifact").get("entryCount").asLong())
        .isEqualTo(allTotal)
        .isEqualTo(ENTRIES);
    assertThat(allDone.get("progress").get("entriesTotal").asLong()).isEqualTo(allTotal);
    JsonNode aliceDone = awaitCompleted(alice);
    assertThat(aliceDone.get("artifact").get("entryCount").asLong())
        .isEqualTo(aliceTotal)
        .isEqualTo(ENTRIES / 5);
    assertThat(aliceDone.get("progress").get("entriesTotal").asLong()).isEqualTo(aliceTotal);
  }

  @Test
  void whileTheExtractionRunsTheWebUiShowsEntriesDoneOfTotal() throws Exception {
    String cli = RealServers.temporalCliRequired();
    RealServers.browser();
    String id = submit(Map.of());
    JsonNode running = awaitRunning(id);
    assertThat(running.get("progress").get("entriesTotal").asLong()).isEqualTo(ENTRIES);

    // the job index has the extraction's progress part of the way through, beside its total
    JsonNode partial =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> http.get("/exports/" + id).json(),
                job -> job.get("progress").get("entriesExported").asLong() > 0);
    assertThat(partial.get("status").asText()).isEqualTo("running");
    assertThat(partial.get("progress").get("entriesTotal").asLong()).isEqualTo(ENTRIES);
    assertThat(partial.get("progress").get("entriesExported").asLong()).isLessThan(ENTRIES);

    // the workflow's current details have its first progress report, part of the way through
    AtomicLong done = new AtomicLong(-1);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              String details = metadata(cli, id);
              Matcher m = RUNNING_DETAILS.matcher(details);
              if (!m.find()) {
                return false;
              }
              assertThat(m.group(2)).as(details).isEqualTo("5,000");
              done.set(Long.parseLong(m.group(1).replace(",", "")));
              return done.get() > 0;
            });
    System.out.printf("current details while running: %,d / %,d entries%n", done.get(), ENTRIES);
    assertThat(done.get()).as("entries done, part of the total").isBetween(1L, ENTRIES - 1L);

    try (WebUi ui = WebUi.open(RealServers.temporalUi(), "default")) {
      ui.openWorkflow(id, running.get("runId").asText());
      ui.openTab("User Metadata");
      ui.awaitText("RUNNING", "Current Details");
      ui.awaitTextInFrames("Running", " / 5,000 entries exported (");
      ui.screenshot("webui-running-current-details");
    }

    JsonNode completed = awaitCompleted(id);
    assertThat(completed.get("artifact").get("entryCount").asLong())
        .isEqualTo(completed.get("progress").get("entriesTotal").asLong())
        .isEqualTo(ENTRIES);
  }

  static long totalWhileRunning(String id) {
    JsonNode running = awaitRunning(id);
    JsonNode total = running.get("progress").get("entriesTotal");
    assertThat(total.isNull()).as("entriesTotal of a running job").isFalse();
    return total.asLong();
  }

  static JsonNode awaitRunning(String id) {
    return http.awaitStatus(
        id,
        "running",
        Duration.ofMinutes(2),
        Duration.ofMillis(200),
        () -> {
          worker.requireAlive(); // a worker that cannot start says why
          return null;
        });
  }

  static JsonNode awaitCompleted(String id) {
    return http.awaitStatus(id, "completed", Duration.ofMinutes(5), Duration.ofMillis(500));
  }

  static String metadata(String cli, String id) throws Exception {
    return Cli.run(
        cli, "workflow", "metadata", "--address", stack.temporalAddress, "--workflow-id", id);
  }

  static String submit(Map<String, Object> filters) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("filters", filters);
    Http.Response r = http.post("/exports", body);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }
}
