package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exportjobs.shared.ledger.LedgerStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, done-when 5: {@code GET /actuator/prometheus} shows export metrics that change when a
 * job runs — on the api (jobs by status, from the job index) and on the worker (transitions,
 * duration, entries, throughput, and the Temporal SDK's own metrics).
 */
class MetricsE2ETest {

  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
  static Stack stack;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.withWorker(Map.of());
    http = new Http(stack.baseUrl(), "dev-demo-writer");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void exportMetricsChangeWhenAJobRuns() throws Exception {
    LedgerFixtures.appendSpread(
        stack.apiBean(LedgerStore.class), "demo", FROM, TO.minusSeconds(1), 1_500);
    String before = apiScrape();
    double completedBefore =
        Prometheus.value(before, "exportjobs_jobs", "tenant=\"demo\"", "status=\"completed\"");

    String id =
        http.post(
                "/exports",
                Map.of(
                    "type",
                    "ledger",
                    "range",
                    Map.of("from", FROM.toString(), "to", TO.toString())))
            .json()
            .get("id")
            .asText();
    http.awaitStatus(id, "completed", Duration.ofSeconds(90), Duration.ofMillis(300));

    // the api's gauge over the job index (refreshed every second in tests)
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Prometheus.value(
                            apiScrape(),
                            "exportjobs_jobs",
                            "tenant=\"demo\"",
                            "status=\"completed\""))
                    .isEqualTo(completedBefore + 1));
    String api = apiScrape();
    assertThat(api).contains("# TYPE exportjobs_jobs gauge");
    // the api's Temporal client reports through the same registry
    assertThat(Prometheus.value(api, "temporal_request_latency_seconds_count")).isPositive();

    // the worker: what it counted when the job index accepted each transition
    String worker = stack.workerBean(PrometheusMeterRegistry.class).scrape();
    assertThat(
            Prometheus.value(
                worker,
                "exportjobs_job_transitions_total",
                "tenant=\"demo\"",
                "status=\"completed\""))
        .isEqualTo(1);
    assertThat(
            Prometheus.value(
                worker,
                "exportjobs_job_transitions_total",
                "tenant=\"demo\"",
                "status=\"running\""))
        .isEqualTo(1);
    assertThat(Prometheus.value(worker, "exportjobs_export_entries_total", "tenant=\"demo\""))
        .isEqualTo(1_500);
    assertThat(
            Prometheus.value(
                worker, "exportjobs_export_duration_seconds_count", "outcome=\"completed\""))
        .isEqualTo(1);
    assertThat(Prometheus.value(worker, "exportjobs_export_throughput_entries_per_second_count"))
        .isEqualTo(1);
    assertThat(Prometheus.value(worker, "exportjobs_export_throughput_entries_per_second_sum"))
        .isPositive();
    // Temporal SDK metrics of the worker: activities ran, slots are reported
    assertThat(
            Prometheus.value(
                worker,
                "temporal_activity_execution_latency_seconds_count",
                "activity_type=\"ExtractLedgerEntries\""))
        .isPositive();
    // the SDK's counters and gauges are flushed by its metrics scope every 10 s (timers at once)
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(stack.workerBean(PrometheusMeterRegistry.class).scrape())
                    .contains("temporal_worker_task_slots_available"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(apiScrape()).contains("temporal_request_total"));
  }

  private static String apiScrape() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.apiPort + "/actuator/prometheus"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
