package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5, max active jobs, on the real dev server: with {@code maxActiveJobs = 2}, six jobs sent
 * at once run at most two at a time, all complete, and they start in the order they were created.
 */
class AdmissionE2ETest {

  static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-06-02T00:00:00Z");

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(
              Map.of(
                  "exportjobs.policy.tenants.demo.max-active-jobs", "2",
                  "exportjobs.policy.tenants.acme.max-entries-per-export", "1000"))
          // large enough that each export runs for a while, so the jobs really compete for slots
          .withEntries("demo", FROM, TO, 120_000)
          .withEntries("acme", FROM, TO, 1_500);

  static final Http http = stack.http("dev-demo-writer");

  @Test
  void anExportOverTheEntryLimitFailsInThePolicyCheckBeforeWritingAnything() {
    Http acme = http.as("dev-acme-admin");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    Http.Response created = acme.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    JsonNode failed = acme.awaitStatus(id, "failed", Duration.ofMinutes(1), Duration.ofMillis(100));
    assertThat(failed.get("error").get("code").asText()).isEqualTo("policy_denied");
    assertThat(failed.get("error").get("activity").asText()).isEqualTo("CheckExportPolicy");
    assertThat(failed.get("error").get("message").asText())
        .contains("1,500 entries")
        .contains("at most 1,000");
    assertThat(failed.get("progress").get("entriesExported").asLong()).isZero();
    assertThat(failed.get("startedAt").isNull()).as("never started").isTrue();

    // within the limit, the same tenant exports
    body.put(
        "range", Map.of("from", FROM.toString(), "to", FROM.plus(Duration.ofHours(12)).toString()));
    String small = acme.post("/exports", body).json().get("id").asText();
    JsonNode done =
        acme.awaitStatus(small, "completed", Duration.ofMinutes(1), Duration.ofMillis(100));
    assertThat(done.get("artifact").get("entryCount").asLong()).isEqualTo(750);
  }

  @Test
  void sixJobsWithTwoSlotsNeverRunMoreThanTwoAndStartInCreationOrder() throws Exception {
    String batch = UUID.randomUUID().toString();
    WorkflowClient temporal = stack.apiBean(WorkflowClient.class);
    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicInteger maxRunningInIndex = new AtomicInteger();
    AtomicInteger maxRunningInTemporal = new AtomicInteger();
    AtomicInteger samples = new AtomicInteger();
    String visibility =
        "ExportStatus = 'running' AND ExportTenant = 'demo' AND TaskQueue = '"
            + stack.taskQueue
            + "'";
    CompletableFuture<Void> sampler =
        CompletableFuture.runAsync(
            () -> {
              while (sampling.get()) {
                JsonNode running =
                    http.get("/exports?status=running&label=batch:" + batch).json().get("items");
                maxRunningInIndex.accumulateAndGet(running.size(), Math::max);
                long inTemporal = temporal.countWorkflows(visibility).getCount();
                maxRunningInTemporal.accumulateAndGet((int) inTemporal, Math::max);
                samples.incrementAndGet();
              }
            });

    List<CompletableFuture<Http.Response>> posts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "ledger");
      body.put("format", "ndjson");
      body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
      body.put("labels", Map.of("batch", batch, "n", Integer.toString(i)));
      posts.add(CompletableFuture.supplyAsync(() -> http.post("/exports", body)));
    }
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<Http.Response> post : posts) {
      Http.Response response = post.get();
      assertThat(response.status()).as(response.text()).isEqualTo(202);
      ids.add(response.json().get("id").asText());
    }

    List<JsonNode> done = new ArrayList<>();
    try {
      for (String id : ids) {
        done.add(http.awaitStatus(id, "completed", Duration.ofMinutes(3), Duration.ofMillis(100)));
      }
    } finally {
      sampling.set(false);
      sampler.get();
    }

    assertThat(samples.get()).as("samples taken").isGreaterThan(20);
    assertThat(maxRunningInIndex.get()).as("running at once, job index").isEqualTo(2);
    assertThat(maxRunningInTemporal.get())
        .as("running at once, search attributes")
        .isLessThanOrEqualTo(2);
    for (JsonNode job : done) {
      assertThat(job.get("artifact").get("entryCount").asLong()).isEqualTo(120_000);
    }
    // first come, first served: ordered by creation, job j (j >= 2) could start only once all
    // but one of the jobs created before it had completed (two slots, earlier jobs first)
    List<JsonNode> byCreation = new ArrayList<>(done);
    byCreation.sort(
        Comparator.comparing((JsonNode j) -> Instant.parse(j.get("createdAt").asText()))
            .thenComparing(j -> j.get("id").asText()));
    for (int j = 2; j < byCreation.size(); j++) {
      Instant started = Instant.parse(byCreation.get(j).get("startedAt").asText());
      long earlierCompleted =
          byCreation.subList(0, j).stream()
              .filter(e -> !Instant.parse(e.get("completedAt").asText()).isAfter(started))
              .count();
      assertThat(earlierCompleted)
          .as("earlier jobs completed when job %d started", j)
          .isGreaterThanOrEqualTo(j - 1);
    }
  }
}
