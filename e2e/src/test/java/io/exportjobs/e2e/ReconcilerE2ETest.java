package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.schedules.ScheduleClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, done-when 5: {@code temporal workflow terminate} on a running job. The reconciler (its
 * own Temporal Schedule, every 10 s here) records the job {@code failed} with {@code
 * workflow_terminated} within two minutes, appends {@code export.failed} (actor {@code system}),
 * and frees the job's slot: the job that waited behind it (max active 1) starts and completes.
 */
class ReconcilerE2ETest {

  static final Instant FROM = Instant.parse("2026-08-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-08-02T00:00:00Z");
  static BlackHoleStore blackHole;

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(ReconcilerE2ETest::settings).withEntries("demo", FROM, TO, 1_000);

  static final Http http = stack.http("dev-demo-writer");

  static Map<String, String> settings() {
    RealServers.temporalCliRequired();
    try {
      blackHole = new BlackHoleStore();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> props = new HashMap<>(blackHole.target("blackhole"));
    props.put("exportjobs.policy.tenants.demo.max-active-jobs", "1");
    props.put("exportjobs.reconciler.enabled", "true");
    props.put("exportjobs.reconciler.interval", "PT10S");
    return props;
  }

  @AfterAll
  static void stop() throws Exception {
    // first: a publish stuck in the black hole fails at once, so the worker stops without waiting
    if (blackHole != null) {
      blackHole.close();
    }
    if (stack.started()) {
      // the schedule is this stack's own (named by its task queue): it goes with it
      stack
          .workerBean(ScheduleClient.class)
          .getHandle("export-reconciler-" + stack.taskQueue)
          .delete();
    }
  }

  @Test
  void aTerminatedJobIsRecordedFailedItsSlotFreesAndTheLedgerSaysSo() throws Exception {
    String cli = RealServers.temporalCliRequired();
    // the reconciler's schedule was created when the worker started
    assertThat(
            Cli.run(
                cli,
                "schedule",
                "describe",
                "--address",
                stack.temporalAddress,
                "--schedule-id",
                "export-reconciler-" + stack.taskQueue))
        .contains("ReconcileExports");

    // a job that runs (its artifact store never answers) and holds the tenant's only slot
    String stuck = submit("blackhole");
    http.awaitStatus(stuck, "running", Duration.ofMinutes(1), Duration.ofMillis(200));
    String waiting = submit("default");
    // it asked for a slot and waits (its workflow's current details say so)
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        Cli.run(
                            cli,
                            "workflow",
                            "metadata",
                            "--address",
                            stack.temporalAddress,
                            "--workflow-id",
                            waiting))
                    .contains("waiting for one of the tenant's slots"));
    assertThat(http.get("/exports/" + waiting).json().get("status").asText()).isEqualTo("pending");

    String out =
        Cli.run(
            cli,
            "workflow",
            "terminate",
            "--address",
            stack.temporalAddress,
            "--workflow-id",
            stuck,
            "--reason",
            "artifact store hangs");
    System.out.println("temporal workflow terminate:\n" + out);

    JsonNode failed =
        http.awaitStatus(stuck, "failed", Duration.ofMinutes(2), Duration.ofSeconds(1));
    JsonNode error = failed.get("error");
    assertThat(error.get("code").asText()).isEqualTo("workflow_terminated");
    assertThat(error.get("message").asText()).contains("terminated", "artifact store hangs");
    assertThat(failed.get("artifact").isNull()).isTrue();
    // its slot is free: the job that waited behind it starts and completes
    JsonNode completed =
        http.awaitStatus(waiting, "completed", Duration.ofMinutes(2), Duration.ofMillis(500));
    assertThat(Instant.parse(completed.get("startedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(error.get("at").asText()));
    // and the ledger has the entry, by the service itself
    JsonNode entries =
        http.get("/ledger/entries?action=export.failed&resource=export:" + stuck)
            .json()
            .get("items");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("actor").asText()).isEqualTo("system");
    assertThat(entries.get(0).get("outcome").asText()).isEqualTo("failure");
    assertThat(entries.get(0).get("attributes").get("code").asText())
        .isEqualTo("workflow_terminated");
  }

  static String submit(String target) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("target", target);
    Http.Response r = http.post("/exports", body);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }
}
