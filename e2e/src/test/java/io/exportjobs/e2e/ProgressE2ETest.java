package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, done-when 6: {@code progress.entriesTotal} (the count the workflow's policy check
 * makes) equals the artifact's {@code entryCount} on completion, and is visible while the job runs:
 * in the API's JSON, and as entries done / total in the workflow's current details, which the Web
 * UI shows on the workflow's page (headless chromium, screenshot kept).
 */
class ProgressE2ETest {

  static final Instant FROM = Instant.parse("2026-09-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-09-02T00:00:00Z");
  static final int ENTRIES = 5_000;
  static BlackHoleStore blackHole;

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(ProgressE2ETest::blackHoleTarget).withEntries("demo", FROM, TO, ENTRIES);

  static final Http http = stack.http("dev-demo-writer");

  static Map<String, String> blackHoleTarget() {
    RealServers.browser();
    RealServers.temporalCliRequired();
    try {
      blackHole = new BlackHoleStore();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blackHole.target("blackhole");
  }

  @AfterAll
  static void stop() throws Exception {
    // first: a publish stuck in the black hole fails at once, so the worker stops without waiting
    if (blackHole != null) {
      blackHole.close();
    }
  }

  @Test
  void entriesTotalIsTheArtifactsEntryCountOnCompletion() {
    String id = submit("default", Map.of());
    JsonNode done =
        http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    JsonNode progress = done.get("progress");
    assertThat(progress.get("entriesTotal").asLong())
        .isEqualTo(done.get("artifact").get("entryCount").asLong())
        .isEqualTo(progress.get("entriesExported").asLong())
        .isEqualTo(ENTRIES);
    // a filter narrows what the policy check counts, and the artifact holds exactly that
    String filtered = submit("default", Map.of("actors", java.util.List.of("alice")));
    JsonNode alice =
        http.awaitStatus(filtered, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    assertThat(alice.get("progress").get("entriesTotal").asLong())
        .isEqualTo(alice.get("artifact").get("entryCount").asLong())
        .isEqualTo(ENTRIES / 5);
  }

  @Test
  void whileTheJobRunsTheApiAndTheWebUiShowEntriesDoneOfTotal() throws Exception {
    // its store never answers: the job stays running in its publish step
    String id = submit("blackhole", Map.of());
    JsonNode running =
        http.awaitStatus(id, "running", Duration.ofMinutes(1), Duration.ofMillis(200));
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  http.get("/exports/" + id).json().get("progress").get("entriesExported").asLong()
                      == ENTRIES);
      JsonNode job = http.get("/exports/" + id).json();
      assertThat(job.get("status").asText()).isEqualTo("running");
      assertThat(job.get("progress").get("entriesTotal").asLong()).isEqualTo(ENTRIES);

      String cli = RealServers.temporalCliRequired();
      String details =
          Cli.run(
              cli, "workflow", "metadata", "--address", stack.temporalAddress, "--workflow-id", id);
      System.out.println("temporal workflow metadata:\n" + details);
      assertThat(details).contains("Running", "5,000 / 5,000 entries");

      try (WebUi ui = WebUi.open(RealServers.temporalUi(), "default")) {
        ui.openWorkflow(id, running.get("runId").asText());
        ui.openTab("User Metadata");
        ui.awaitText("RUNNING", "Current Details");
        ui.awaitTextInFrames("Running", "5,000 / 5,000 entries exported (100 %)");
        ui.screenshot("webui-running-current-details");
      }
    } finally {
      Cli.run(
          RealServers.temporalCliRequired(),
          "workflow",
          "terminate",
          "--address",
          stack.temporalAddress,
          "--workflow-id",
          id,
          "--reason",
          "end of test");
    }
  }

  static String submit(String target, Map<String, Object> filters) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("target", target);
    body.put("filters", filters);
    Http.Response r = http.post("/exports", body);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }
}
