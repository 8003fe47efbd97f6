package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.ledger.LedgerStore;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `make bench`: prints figures, asserts none of them. Time from POST to completed for a
 * 10,000-entry ledger export (median of 5), and extraction throughput for 1,000,000 entries,
 * measured from the ExtractLedgerEntries activity's start and completion events in the history.
 */
@Tag("bench")
class ExportBenchmark {

  static final Instant SMALL_FROM = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant SMALL_TO = Instant.parse("2024-01-02T00:00:00Z");
  static final Instant LARGE_FROM = Instant.parse("2023-01-01T00:00:00Z");
  static final Instant LARGE_TO = Instant.parse("2023-07-01T00:00:00Z");

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of()).withEntries("demo", SMALL_FROM, SMALL_TO, 10_000);

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    LedgerStore ledger = stack.apiBean(LedgerStore.class);
    long t0 = System.nanoTime();
    LedgerFixtures.appendSpread(ledger, "demo", LARGE_FROM, LARGE_TO, 1_000_000);
    System.out.printf(
        "BENCH setup: appended 1,000,000 entries through LedgerStore in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void postToCompletedFor10kEntries() {
    // one warm-up run, not counted
    runToCompletion(SMALL_FROM, SMALL_TO, "ndjson");
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seconds.add(runToCompletion(SMALL_FROM, SMALL_TO, "ndjson").seconds);
    }
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    System.out.printf(
        "BENCH post-to-completed, ledger/ndjson, 10,000 entries: median %.3f s (runs: %s)%n",
        sorted.get(2), seconds);
  }

  @Test
  void extractionThroughputFor1MEntries() {
    for (String format : List.of("ndjson", "csv", "json")) {
      Run run = runToCompletion(LARGE_FROM, LARGE_TO, format);
      assertThat(run.job.get("artifact").get("entryCount").asLong()).isEqualTo(1_000_000);
      double activity = extractionSeconds(stack, run.id);
      System.out.printf(
          "BENCH extraction, ledger/%s, 1,000,000 entries: %.2f s in ExtractLedgerEntries ="
              + " %,.0f entries/s; %.2f s POST to completed; %,d bytes%n",
          format,
          activity,
          1_000_000 / activity,
          run.seconds,
          run.job.get("artifact").get("sizeBytes").asLong());
    }
  }

  record Run(String id, double seconds, JsonNode job) {}

  static Run runToCompletion(Instant from, Instant to, String format) {
    long t0 = System.nanoTime();
    String id = http.submitLedgerExport(format, from, to);
    http.awaitStatus(id, "completed", Duration.ofMinutes(10), Duration.ofMillis(10));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Run(id, seconds, http.get("/exports/" + id).json());
  }

  /** Seconds between the extraction activity's (last) start and its completion. */
  static double extractionSeconds(Stack stack, String id) {
    return activitySeconds(stack, id, "ExtractLedgerEntries");
  }

  /**
   * Seconds between the start of activity {@code type} and its completion. History records only the
   * last attempt's start, so a retried activity fails the benchmark instead of reporting the time
   * of its last attempt alone.
   */
  static double activitySeconds(Stack stack, String id, String type) {
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    Instant started = null;
    Instant completed = null;
    long scheduledId = -1;
    for (HistoryEvent e : client.fetchHistory(id).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type)) {
        scheduledId = e.getEventId();
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
          && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduledId) {
        int attempt = e.getActivityTaskStartedEventAttributes().getAttempt();
        if (attempt != 1) {
          throw new IllegalStateException(
              type
                  + " of "
                  + id
                  + " completed on attempt "
                  + attempt
                  + ": its time is not comparable");
        }
        started = instant(e);
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
          && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduledId) {
        completed = instant(e);
      }
    }
    return Duration.between(started, completed).toNanos() / 1e9;
  }

  private static Instant instant(HistoryEvent e) {
    return Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
  }
}
