package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `make bench`: small jobs in bulk, as a new user would try it. 100 one-entry ledger exports
 * submitted at once by one tenant (8 callers), under the default policy (at most 4 active), on the
 * dev server with the api and a worker as `make run` has them (H2). Jobs per second from the first
 * job created to the last completed, and how many history events each job's workflow has.
 */
@Tag("bench")
class BurstBenchmark {

  static final int JOBS = Integer.getInteger("bench.burstJobs", 100);
  static final Instant AT = Instant.parse("2020-06-01T12:00:00Z");

  @RegisterExtension
  static final Stack stack = Stack.perClass(Map.of()).withEntries("demo", AT, AT.plusSeconds(1), 1);

  static final Http http = stack.http("dev-demo-writer");

  @Test
  void aHundredOneEntryJobsAtOnce() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    List<Future<String>> posted = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      posted.add(callers.submit(BurstBenchmark::post));
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> f : posted) {
      ids.add(f.get());
    }
    callers.shutdown();
    List<JsonNode> jobs = new ArrayList<>();
    for (String id : ids) {
      jobs.add(http.awaitStatus(id, "completed", Duration.ofMinutes(20), Duration.ofMillis(200)));
    }
    Instant first =
        jobs.stream()
            .map(j -> Instant.parse(j.get("createdAt").asText()))
            .min(Instant::compareTo)
            .get();
    Instant last =
        jobs.stream()
            .map(j -> Instant.parse(j.get("completedAt").asText()))
            .max(Instant::compareTo)
            .get();
    double seconds = Duration.between(first, last).toNanos() / 1e9;
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    IntSummaryStatistics events =
        ids.stream().mapToInt(id -> client.fetchHistory(id).getEvents().size()).summaryStatistics();
    long oneEntry =
        jobs.stream().filter(j -> j.get("artifact").get("entryCount").asLong() == 1).count();
    double rate = JOBS / seconds;
    // with instant hand-over of slots, 4 jobs running at once cannot finish more than this
    double running =
        jobs.stream()
            .mapToDouble(
                j ->
                    Duration.between(
                                Instant.parse(j.get("startedAt").asText()),
                                Instant.parse(j.get("completedAt").asText()))
                            .toNanos()
                        / 1e9)
            .average()
            .orElse(Double.NaN);
    new BenchFigure(
            "burst",
            String.format(
                Locale.ROOT,
                "%.2f jobs/s (%d in %.1f s); %.0f events per job",
                rate,
                JOBS,
                seconds,
                events.getAverage()),
            rate / 5.0,
            oneEntry == JOBS,
            String.format(
                Locale.ROOT,
                "%d one-entry ledger exports from one tenant, max active 4, H2, worker in the"
                    + " api's JVM; a job runs (startedAt to completedAt) %.2f s on average, so 4"
                    + " slots finish at most %.2f jobs/s; history events of each job's closed"
                    + " ExportWorkflow: min %d, mean %.1f, max %d",
                JOBS,
                running,
                4 / running,
                events.getMin(),
                events.getAverage(),
                events.getMax()))
        .save();
    assertThat(oneEntry).isEqualTo(JOBS);
  }

  static String post() {
    return http.submitLedgerExport("ndjson", AT, AT.plusSeconds(1));
  }
}
