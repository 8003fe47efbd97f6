package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the cluster tests check after each scenario, as a user and an operator would see it: the
 * job's own entries in the ledger (each once), the ledger's chain, and the job index against what
 * {@code temporal workflow list} shows.
 */
final class ClusterJobs {

  private final Cluster cluster;
  private final Http http;
  private final String tenant;

  ClusterJobs(Cluster cluster, Http http, String tenant) {
    this.cluster = cluster;
    this.http = http;
    this.tenant = tenant;
  }

  /** {@code count} entries spread evenly over {@code [from, to)}, appended through the api. */
  void appendSpread(Instant from, Instant to, int count) {
    long span = to.toEpochMilli() - from.toEpochMilli();
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NewLedgerEntry e = LedgerFixtures.entry(from.plusMillis(span * i / count), i);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("occurredAt", e.occurredAt().toString());
      entry.put("actor", e.actor());
      entry.put("action", e.action());
      entry.put("resource", e.resource());
      entry.put("outcome", e.outcome().wire());
      entry.put("attributes", e.attributes());
      batch.add(entry);
      if (batch.size() == 10_000 || i == count - 1) {
        Http.Response r = http.post("/ledger/entries", Map.of("entries", batch));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        batch = new ArrayList<>();
      }
    }
  }

  /**
   * Waits until one of the job's activities named in {@code types} runs on a worker; returns it.
   */
  PendingActivityInfo awaitActivityStarted(String id, Set<String> types) {
    WorkflowClient client = cluster.workflowClient();
    return await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                Workflows.describe(client, id).getPendingActivitiesList().stream()
                    .filter(a -> types.contains(a.getActivityType().getName()))
                    .filter(
                        a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
                    .findFirst()
                    .orElse(null),
            a -> a != null);
  }

  /** The job's {@code export.*} entries recorded since {@code since}, in seq order. */
  List<JsonNode> ownLedgerEntries(String jobId, Instant since) {
    List<JsonNode> entries = new ArrayList<>();
    String query =
        "/ledger/entries?pageSize=200&from="
            + since
            + "&resource="
            + URLEncoder.encode("export:" + jobId, StandardCharsets.UTF_8);
    String token = null;
    do {
      JsonNode page = http.get(query + (token == null ? "" : "&pageToken=" + token)).json();
      page.get("items").forEach(entries::add);
      token = page.get("nextPageToken").isNull() ? null : page.get("nextPageToken").asText();
    } while (token != null);
    return entries;
  }

  /** How many of each action the job's own entries since {@code since} hold. */
  Map<String, Integer> ownActions(String jobId, Instant since) {
    Map<String, Integer> counts = new TreeMap<>();
    ownLedgerEntries(jobId, since)
        .forEach(e -> counts.merge(e.get("action").asText(), 1, Integer::sum));
    return counts;
  }

  /** The ledger's chain recomputes from its first entry to its head. */
  void assertChainValid() {
    assertChainValidFrom(1);
  }

  /**
   * The chain recomputes from {@code fromSeq} (linked to the entry before it) to the head: for a
   * scenario, from its first entry on, the rest having been verified before.
   */
  void assertChainValidFrom(long fromSeq) {
    JsonNode verify = http.get("/ledger/verify?fromSeq=" + fromSeq).json();
    assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
    assertThat(verify.get("firstBrokenSeq").isNull()).isTrue();
    assertThat(verify.get("checked").asLong()).isPositive();
  }

  /** Every job of the tenant in the job index, id to status, through the api. */
  Map<String, String> jobIndex() {
    Map<String, String> jobs = new TreeMap<>();
    String token = null;
    do {
      JsonNode page =
          http.get("/exports?pageSize=200" + (token == null ? "" : "&pageToken=" + token)).json();
      page.get("items").forEach(j -> jobs.put(j.get("id").asText(), j.get("status").asText()));
      token = page.get("nextPageToken").isNull() ? null : page.get("nextPageToken").asText();
    } while (token != null);
    return jobs;
  }

  /**
   * {@code temporal workflow list --query "ExportTenant='<tenant>'"}: every workflow id with its
   * runs' {@code ExportStatus}, newest run first.
   */
  Map<String, List<String>> temporalWorkflowList() throws Exception {
    String out =
        cluster.temporal(
            "workflow",
            "list",
            "--query",
            "ExportTenant='" + tenant + "' AND WorkflowType='ExportWorkflow'",
            "--limit",
            "10000",
            "--output",
            "jsonl");
    Map<String, List<String>> runs = new TreeMap<>();
    for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
      JsonNode run = Json.mapper().readTree(line);
      String id = run.path("execution").path("workflowId").asText();
      JsonNode status = run.path("searchAttributes").path("indexedFields").path("ExportStatus");
      runs.computeIfAbsent(id, k -> new ArrayList<>()).add(payloadText(status));
    }
    return runs;
  }

  /** A string payload as the CLI prints it: decoded (its JSON shorthand) or as base64 data. */
  static String payloadText(JsonNode payload) throws java.io.IOException {
    if (payload.isTextual()) {
      return payload.asText();
    }
    if (payload.has("data")) {
      byte[] json = java.util.Base64.getDecoder().decode(payload.get("data").asText());
      return Json.mapper().readValue(json, String.class);
    }
    return String.valueOf(payload);
  }

  /**
   * The job index and Temporal agree: the same jobs, each one workflow run, its {@code
   * ExportStatus} the job's status.
   */
  void assertIndexMatchesTemporal() throws Exception {
    Map<String, String> index = jobIndex();
    Map<String, List<String>> temporal = temporalWorkflowList();
    assertThat(temporal.keySet()).as("workflow ids vs job ids").isEqualTo(index.keySet());
    Map<String, String> temporalStatus = new LinkedHashMap<>();
    temporal.forEach(
        (id, statuses) -> {
          assertThat(statuses).as("runs of " + id).hasSize(1);
          temporalStatus.put(id, statuses.get(0));
        });
    assertThat(temporalStatus).isEqualTo(index);
  }
}
