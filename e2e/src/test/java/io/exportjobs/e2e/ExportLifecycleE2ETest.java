package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 2, done-when 1, 2 and 9: a ledger export submitted over REST is pending in the job index
 * before the call returns, then goes pending → running → completed on the real dev server, seen in
 * the job index and in ExportStatus, and its artifact holds exactly the entries in [from, to).
 */
class ExportLifecycleE2ETest {

  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  @RegisterExtension static final Stack stack = Stack.perClassWithoutWorker(Map.of());

  static final Http http = stack.http("dev-demo-writer");

  @Test
  void ledgerExportGoesFromPendingToCompletedWithExactlyTheEntriesInRange() throws Exception {
    LedgerStore ledger = stack.apiBean(LedgerStore.class);
    // boundaries: one ms before from, exactly from, exactly to - 1 ms, exactly to, after to
    List<NewLedgerEntry> edges =
        List.of(
            LedgerFixtures.entry(FROM.minusMillis(1), 1),
            LedgerFixtures.entry(FROM, 2),
            LedgerFixtures.entry(TO.minusMillis(1), 3),
            LedgerFixtures.entry(TO, 4),
            LedgerFixtures.entry(TO.plusSeconds(3600), 5));
    ledger.append("demo", edges);
    // enough entries in range that the running phase lasts long enough to be seen
    LedgerFixtures.appendSpread(ledger, "demo", FROM.plusSeconds(1), TO.minusSeconds(1), 60_000);
    ledger.append("acme", List.of(LedgerFixtures.entry(FROM.plusSeconds(5), 6)));

    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "format",
                "ndjson",
                "range",
                Map.of("from", FROM.toString(), "to", TO.toString()),
                "labels",
                Map.of("ticket", "SEC-42")));
    assertThat(created.status()).isEqualTo(202);
    String id = created.json().get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/api/v1/exports/" + id);
    assertThat(id).matches("exp-demo-[0-9A-Z]{26}");
    JobStore index = stack.apiBean(JobStore.class);
    // done-when 1: in the index as pending when the call has returned (no worker is running yet)
    assertThat(index.find("demo", id).orElseThrow().job().status()).isEqualTo(ExportStatus.PENDING);
    assertThat(http.get("/exports/" + id).json().get("status").asText()).isEqualTo("pending");
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(Workflows.exportStatus(client, id)).isEqualTo("pending"));

    List<ExportStatus> seen = new ArrayList<>();
    seen.add(ExportStatus.PENDING);
    stack.startWorker();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(5, TimeUnit.MILLISECONDS)
        .until(
            () -> {
              ExportStatus now = index.find("demo", id).orElseThrow().job().status();
              if (seen.get(seen.size() - 1) != now) {
                seen.add(now);
              }
              return now.isFinished();
            });
    assertThat(seen)
        .containsExactly(ExportStatus.PENDING, ExportStatus.RUNNING, ExportStatus.COMPLETED);

    // ExportStatus was upserted at each transition, in order, and is completed now. The job index
    // is written by a local activity inside the workflow task that also upserts: the history holds
    // that upsert once the task completes, a moment after the index says completed
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(statusesUpserted(client, id)).containsExactly("running", "completed"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(Workflows.exportStatus(client, id)).isEqualTo("completed"));

    JsonNode job = http.get("/exports/" + id).json();
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(job.get("attempt").asInt()).isEqualTo(1);
    assertThat(job.get("startedAt").isNull()).isFalse();
    assertThat(Instant.parse(job.get("expiresAt").asText()))
        .isEqualTo(Instant.parse(job.get("completedAt").asText()).plus(Duration.ofDays(30)));

    Http.Response artifact = http.get("/exports/" + id + "/artifact");
    assertThat(artifact.status()).isEqualTo(200);
    assertThat(artifact.header("ETag"))
        .isEqualTo("\"" + job.get("artifact").get("sha256").asText() + "\"");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : artifact.text().split("\n")) {
      lines.add(Json.mapper().readTree(line));
    }
    assertThat(artifact.text()).endsWith("\n");
    List<Long> seqs = lines.stream().map(l -> l.get("seq").asLong()).toList();
    // expected: seq 2 and 3 of the edges, and all 60,000 spread entries (seq 6..60005)
    List<Long> expected = new ArrayList<>(List.of(2L, 3L));
    for (long s = 6; s <= 60_005; s++) {
      expected.add(s);
    }
    assertThat(seqs).isEqualTo(expected);
    for (JsonNode line : lines) {
      Instant at = Instant.parse(line.get("occurredAt").asText());
      assertThat(at).isAfterOrEqualTo(FROM).isBefore(TO);
    }
    assertThat(job.get("artifact").get("entryCount").asLong()).isEqualTo(expected.size());
    assertThat(job.get("progress").get("entriesExported").asLong()).isEqualTo(expected.size());
    assertThat(job.get("artifact").get("sizeBytes").asLong()).isEqualTo(artifact.body().length);

    // done-when 9 (the CLI half): visible to `temporal workflow list --query`
    String cli = RealServers.temporalCliRequired();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        Cli.run(
                            cli,
                            "workflow",
                            "list",
                            "--address",
                            stack.temporalAddress,
                            "--query",
                            "ExportStatus='completed' AND WorkflowId='" + id + "'"))
                    .contains(id));
  }

  /** The ExportStatus values the workflow upserted, in history order. */
  static List<String> statusesUpserted(WorkflowClient client, String id) {
    WorkflowExecutionHistory history = client.fetchHistory(id);
    List<String> statuses = new ArrayList<>();
    for (HistoryEvent e : history.getEvents()) {
      if (e.getEventType() != EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) {
        continue;
      }
      var fields =
          e.getUpsertWorkflowSearchAttributesEventAttributes()
              .getSearchAttributes()
              .getIndexedFieldsMap();
      if (fields.containsKey("ExportStatus")) {
        String status =
            DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                fields.get("ExportStatus"), String.class, String.class);
        if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(status)) {
          statuses.add(status);
        }
      }
    }
    // the first upsert repeats the start's "pending"; what matters is the changes after it
    if (!statuses.isEmpty() && statuses.get(0).equals("pending")) {
      statuses.remove(0);
    }
    return statuses;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
