package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, done-when 5: {@code GET /actuator/prometheus} shows export metrics that change when a
 * job runs — on the api's management port (jobs by status, from the job index) and on the worker
 * (transitions, duration, entries, throughput, and the Temporal SDK's own metrics). Issue 11,
 * done-when 4: the api's public port serves no metrics and no tenant name to anyone, whatever the
 * {@code /actuator} path; only the health checks, which say UP and nothing else.
 */
class MetricsE2ETest {

  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
  @RegisterExtension static final Stack stack = Stack.perClass(Map.of());

  static final Http http = stack.http("dev-demo-writer");

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

  @Test
  void theApiPortAnswersNoActuatorPathButHealthWithMetricsOrATenantName() throws Exception {
    // tenants with jobs, whose names must not leak (rows of the job index, never run, so the
    // worker's counters of the other test stay as they are)
    for (String tenant : List.of("acme", "leaky_tenant")) {
      ExportRequest request =
          ExportRequest.builder()
              .jobId("exp-" + tenant + "-01JMETRICS" + "0".repeat(16))
              .tenant(tenant)
              .type(ExportType.LEDGER)
              .format(ExportFormat.NDJSON)
              .range(new TimeRange(FROM, TO))
              .labels(Map.of())
              .retention("P30D")
              .target("default")
              .createdAt(Instant.now())
              .requestedBy("metrics-test")
              .callerScopes(Set.of("exports:write"))
              .build();
      assertThat(stack.apiBean(JobStore.class).insertPending(request.pendingJob(), null, null))
          .isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(apiScrape())
                    .contains("tenant=\"acme\"")
                    .contains("tenant=\"leaky_tenant\""));

    List<String> paths = new ArrayList<>();
    for (String endpoint :
        List.of(
            "",
            "prometheus",
            "metrics",
            "metrics/exportjobs.jobs",
            "metrics/jvm.memory.used",
            "info",
            "env",
            "env/exportjobs.data-dir",
            "beans",
            "configprops",
            "mappings",
            "loggers",
            "threaddump",
            "heapdump",
            "conditions",
            "scheduledtasks",
            "caches",
            "startup",
            "sbom",
            "quartz",
            "httpexchanges",
            "auditevents",
            "shutdown")) {
      paths.add("/actuator/" + endpoint);
      paths.add("/actuator/" + endpoint + "/");
    }
    paths.addAll(
        List.of(
            "/actuator",
            "/actuator/prometheus?format=openmetrics",
            "/actuator/health/../prometheus",
            "/actuator/health/%2e%2e/prometheus",
            "/actuator;x=1/prometheus",
            "/actuator/prometheus;x=1",
            "//actuator/prometheus",
            "/ACTUATOR/PROMETHEUS",
            "/api/v1/../../actuator/prometheus",
            "/actuator/health/db",
            "/actuator/health/diskSpace",
            "/actuator/health/ping",
            "/actuator/health/components",
            "/prometheus",
            "/metrics"));
    HttpClient client = HttpClient.newHttpClient();
    List<String> leaks = new ArrayList<>();
    for (String path : paths) {
      for (String method : List.of("GET", "POST")) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort + path))
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "*/*")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        if (r.statusCode() == 200
            || body.contains("exportjobs_")
            || body.contains("# TYPE")
            || body.contains("demo")
            || body.contains("acme")
            || body.contains("leaky_tenant")
            || body.contains("jvm_")
            || body.contains("process_")) {
          leaks.add(method + " " + path + " → " + r.statusCode() + " " + clip(body));
        }
      }
    }
    assertThat(leaks).as("answers of the api's public port").isEmpty();

    // health stays on the public port, and says nothing but its status
    for (String health :
        List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort + health))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(health).isEqualTo(200);
      assertThat(r.body()).as(health).isEqualTo("{\"status\":\"UP\"}");
    }
    // the management port listens on 127.0.0.1 only, by default
    assertThat(stack.api.getEnvironment().getProperty("management.server.address"))
        .isEqualTo("127.0.0.1");
  }

  private static String clip(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }

  private static String apiScrape() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + stack.managementPort + "/actuator/prometheus"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
