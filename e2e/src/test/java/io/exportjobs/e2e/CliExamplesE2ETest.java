package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, done-when 3: the README's {@code temporal} CLI examples, run as written against the dev
 * server, print what the README shows (see {@link ReadmeCliExamples}), about a failed job and an
 * export schedule made the way the README makes them.
 */
class CliExamplesE2ETest {

  static final Path README = Path.of("..", "README.md");
  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  static final String SCHEDULE = "nightly-evidence";
  static final Path archive = Stack.tempDir("exportjobs-cli-").resolve("archive");

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.artifacts.targets.archive.path", archive.toString()))
          .withEntries("demo", FROM, TO, 500);

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    RealServers.temporalCliRequired();
  }

  @AfterAll
  static void stop() {
    if (stack.started()) {
      http.delete("/export-schedules/" + SCHEDULE);
    }
    if (archive != null) {
      Stack.deleteQuietly(archive.getParent());
    }
  }

  @Test
  void readmeCliExamplesPrintWhatTheReadmeShows() throws Exception {
    List<ReadmeCliExamples.Example> examples = ReadmeCliExamples.parse(README);
    assertThat(examples)
        .extracting(e -> String.join(" ", e.args().subList(0, 2)))
        .contains(
            "workflow list",
            "workflow query",
            "workflow describe",
            "schedule list",
            "schedule describe");

    // a job that fails: its target's disk is broken (the root is a file, not a folder)
    Files.createDirectories(archive.getParent());
    Files.writeString(archive, "not a directory");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("format", "ndjson");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("target", "archive");
    body.put("labels", Map.of("ticket", "SEC-42"));
    Http.Response created = http.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    http.awaitStatus(id, "failed", Duration.ofMinutes(2), Duration.ofMillis(100));
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                client
                    .listExecutions("ExportStatus='failed' AND WorkflowId='" + id + "'")
                    .findAny()
                    .isPresent());

    // the README's schedule (a leftover of an interrupted run goes first)
    http.delete("/export-schedules/" + SCHEDULE);
    Http.Response schedule =
        http.post(
            "/export-schedules",
            Map.of(
                "id", SCHEDULE,
                "cron", "0 2 * * *",
                "timezone", "Europe/Berlin",
                "window", "P1D",
                "job",
                    Map.of("type", "ledger", "format", "ndjson", "labels", Map.of("team", "sec"))));
    assertThat(schedule.status()).as(schedule.text()).isEqualTo(201);

    List<String> failures = new ArrayList<>();
    for (ReadmeCliExamples.Example example : examples) {
      List<String> args = new ArrayList<>(example.args(Map.of("ID", id)));
      args.add("--address");
      args.add(stack.temporalAddress);
      String out = Cli.run(RealServers.temporalCliRequired(), args.toArray(String[]::new));
      System.out.println("$ " + example.commandLine() + "\n" + out);
      List<String> missing = ReadmeCliExamples.missing(example.excerpt(), out);
      if (!missing.isEmpty()) {
        failures.add(
            "`"
                + example.commandLine()
                + "` does not print the README's lines\n  "
                + String.join("\n  ", missing)
                + "\nit printed:\n"
                + out);
      }
      checkMeaning(example, id, out);
    }
    assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
  }

  /** Beyond the excerpt: what an operator runs each command for. */
  static void checkMeaning(ReadmeCliExamples.Example example, String id, String out)
      throws Exception {
    String command = String.join(" ", example.args().subList(0, 2));
    switch (command) {
      case "workflow list" -> {
        if (example.commandLine().contains("ExportStatus='failed'")) {
          assertThat(out).contains(id).contains("Failed");
        }
      }
      case "workflow query" -> {
        JsonNode result = Json.mapper().readTree(out.substring(out.indexOf('{')));
        // the plain output prints the job; --output json wraps it in queryResult
        JsonNode state = result.has("queryResult") ? result.get("queryResult").get(0) : result;
        assertThat(state.get("id").asText()).isEqualTo(id);
        assertThat(state.get("status").asText()).isEqualTo("failed");
        assertThat(state.get("error").get("code").asText()).isEqualTo("artifact_write_failed");
        assertThat(state.get("error").get("activity").asText()).isEqualTo("PublishArtifact");
      }
      case "workflow describe" ->
          assertThat(out)
              .contains(id)
              .contains("FAILED")
              .contains("demo · ledger/ndjson · 2026-10-01T00:00Z..2026-11-01T00:00Z")
              .contains("Not a directory");
      case "schedule list" -> assertThat(out).contains(TemporalNames.scheduleId("demo", SCHEDULE));
      case "schedule describe" ->
          assertThat(out)
              .contains(TemporalNames.scheduleId("demo", SCHEDULE))
              .contains("ExportWorkflow");
      default -> {}
    }
  }
}
