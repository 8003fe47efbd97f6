package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.ledger.LedgerStore;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 2, done-when 3, 4, 5 and 6 on the real dev server: keyset pages under inserts, failure with
 * error details then retry under the same id, cancel of a running job leaving nothing behind, and
 * one job for one Idempotency-Key under concurrent retries.
 */
class ExportOperationsE2ETest {

  static final Instant FROM = Instant.parse("2026-09-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-09-02T00:00:00Z");

  static final Path flakyStore = Stack.tempDir("exportjobs-flaky-").resolve("store");

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.artifacts.targets.flaky.path", flakyStore.toString()))
          .withEntries("demo", FROM, TO, 2_000);

  static final Http http = stack.http("dev-demo-writer");

  static Map<String, Object> ledgerExport(String target) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("format", "csv");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("target", target);
    return body;
  }

  static String submit(Map<String, Object> body) {
    Http.Response r = http.post("/exports", body);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  static JsonNode awaitStatus(String id, String status) {
    return http.awaitStatus(id, status, Duration.ofMinutes(2), Duration.ofMillis(100));
  }

  @Test
  void failedJobShowsItsErrorAndRetrySucceedsUnderTheSameId() throws Exception {
    // the fault: the store's root is a regular file, so publishing cannot create its folders
    Files.createDirectories(flakyStore.getParent());
    Files.writeString(flakyStore, "not a directory");
    String id = submit(ledgerExport("flaky"));

    JsonNode failed = awaitStatus(id, "failed");
    JsonNode error = failed.get("error");
    assertThat(error.get("code").asText()).isEqualTo("artifact_write_failed");
    assertThat(error.get("activity").asText()).isEqualTo("PublishArtifact");
    assertThat(error.get("attempts").asInt()).isEqualTo(3);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(Instant.parse(error.get("at").asText())).isAfter(FROM);
    assertThat(failed.get("artifact").isNull()).isTrue();
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Workflows.status(client, id))
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(Workflows.exportStatus(client, id)).isEqualTo("failed"));
    // retrying a failed job before the fault is gone is allowed; retrying a pending one is not
    Files.delete(flakyStore);

    Http.Response retried = http.post("/exports/" + id + "/retry", "");
    assertThat(retried.status()).as(retried.text()).isEqualTo(202);
    assertThat(retried.json().get("attempt").asInt()).isEqualTo(2);
    assertThat(retried.json().get("status").asText()).isEqualTo("pending");
    assertThat(retried.json().get("error").isNull()).isTrue();
    assertThat(http.post("/exports/" + id + "/retry", "").status()).isIn(409);

    JsonNode completed = awaitStatus(id, "completed");
    assertThat(completed.get("id").asText()).isEqualTo(id);
    assertThat(completed.get("attempt").asInt()).isEqualTo(2);
    assertThat(completed.get("error").isNull()).isTrue();
    assertThat(completed.get("artifact").get("entryCount").asLong()).isEqualTo(2_000);
    Http.Response artifact = http.get("/exports/" + id + "/artifact");
    assertThat(artifact.status()).isEqualTo(200);
    assertThat(artifact.text().lines().count()).isEqualTo(2_001); // header + entries
    // one artifact in the store: the one of attempt 2
    try (Stream<Path> files = Files.walk(flakyStore)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> flakyStore.relativize(p).toString()))
          .containsExactly("demo/" + id + "/attempt-2/" + id + ".csv");
    }
  }

  @Test
  void cancelOfARunningJobEndsItCancelledWithNoArtifactLeft() throws Exception {
    LedgerStore ledger = stack.apiBean(LedgerStore.class);
    Instant from = Instant.parse("2026-08-01T00:00:00Z");
    Instant to = Instant.parse("2026-08-02T00:00:00Z");
    LedgerFixtures.appendSpread(ledger, "demo", from, to, 400_000);
    Map<String, Object> body = ledgerExport("default");
    body.put("format", "json");
    body.put("range", Map.of("from", from.toString(), "to", to.toString()));
    String id = submit(body);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> http.get("/exports/" + id).json().get("status").asText().equals("running"));

    Http.Response cancel = http.post("/exports/" + id + "/cancel", "");
    assertThat(cancel.status()).as(cancel.text()).isEqualTo(202);
    JsonNode cancelled = awaitStatus(id, "cancelled");
    assertThat(cancelled.get("artifact").isNull()).isTrue();
    assertThat(http.get("/exports/" + id + "/artifact").status()).isEqualTo(409);
    assertThat(http.post("/exports/" + id + "/cancel", "").status()).isEqualTo(409);
    // the job index turns terminal as the run's last step; the run closes right after
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Workflows.status(stack.apiBean(WorkflowClient.class), id))
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED));
    // nothing of the job is left: no staging file, no published artifact
    assertThat(filesMentioning(stack.dataDir, id)).isEmpty();
  }

  @Test
  void pagesOfCompletedJobsHaveNoDuplicateAndNoGapWhileJobsAreAdded() {
    String label = "page-" + System.nanoTime();
    List<String> originals = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Map<String, Object> body = ledgerExport("default");
      body.put("labels", Map.of("suite", label));
      originals.add(submit(body));
    }
    originals.forEach(id -> awaitStatus(id, "completed"));

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String query = "/exports?status=completed&label=suite:" + label + "&pageSize=2";
      Http.Response page = http.get(token == null ? query : query + "&pageToken=" + token);
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      page.json().get("items").forEach(j -> seen.add(j.get("id").asText()));
      assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
      JsonNode next = page.json().get("nextPageToken");
      token = next.isNull() ? null : next.asText();
      pages++;
      // a new completed job between pages: newer than every original, so it must not appear
      Map<String, Object> body = ledgerExport("default");
      body.put("labels", Map.of("suite", label));
      awaitStatus(submit(body), "completed");
    } while (token != null);

    List<String> newestFirst = new ArrayList<>(originals);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).isEqualTo(newestFirst);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void twentyConcurrentRequestsWithOneIdempotencyKeyMakeOneJob() throws Exception {
    String key = "idem-" + System.nanoTime();
    Map<String, Object> body = ledgerExport("default");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Callable<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(() -> http.post("/exports", body, "Idempotency-Key", key));
      }
      Set<String> ids = new HashSet<>();
      for (Future<Http.Response> f : pool.invokeAll(calls)) {
        Http.Response r = f.get();
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        ids.add(r.json().get("id").asText());
      }
      assertThat(ids).hasSize(1);
      String id = ids.iterator().next();
      assertThat(id).matches("exp-demo-[0-9a-f]{32}");
      awaitStatus(id, "completed");
      // exactly one workflow run exists for that id
      WorkflowClient client = stack.apiBean(WorkflowClient.class);
      var runs =
          client
              .listExecutions("WorkflowId='" + id + "'")
              .map(e -> e.getExecution().getRunId())
              .toList();
      assertThat(runs).hasSize(1);
      Map<String, Object> other = ledgerExport("default");
      other.put("format", "json");
      Http.Response reused = http.post("/exports", other, "Idempotency-Key", key);
      assertThat(reused.status()).isEqualTo(422);
      assertThat(reused.json().get("code").asText()).isEqualTo("idempotency_key_reused");
      assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
    } finally {
      pool.shutdownNow();
    }
  }

  static List<Path> filesMentioning(Path root, String id) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().contains(id)).toList();
    }
  }
}
