package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, done-when 3: schedules use Temporal's own overlap policy. Two {@code * * * * *}
 * schedules, {@code skip} and {@code buffer_one}, whose first runs outlast a minute (no worker
 * polls until the overlaps have happened): Temporal skips the next runs of {@code skip} and buffers
 * one of {@code buffer_one} ({@code temporal schedule describe} counts them); once the long runs
 * complete, the buffered run starts at once and {@code skip} runs again at its next minute.
 */
class ScheduleOverlapE2ETest {

  static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final Stack stack = Stack.perClassWithoutWorker(Map.of());

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    RealServers.temporalCliRequired();
    Instant now = Instant.now();
    LedgerFixtures.appendSpread(
        stack.apiBean(LedgerStore.class), "demo", now.minus(Duration.ofHours(1)), now, 2_000);
  }

  @Test
  void temporalSkipsAndBuffersRunsWhileTheLongRunIsOpenAndRunsAgainAfterIt() throws Exception {
    String skip = ScheduleE2ETest.unique("skip");
    String buffer = ScheduleE2ETest.unique("buffer");
    Map<String, Object> skipBody = ScheduleE2ETest.schedule(skip, "* * * * *", "UTC", "PT1M");
    Map<String, Object> bufferBody = ScheduleE2ETest.schedule(buffer, "* * * * *", "UTC", "PT1M");
    bufferBody.put("overlap", "buffer_one");
    try {
      assertThat(http.post("/export-schedules", skipBody).status()).isEqualTo(201);
      assertThat(http.post("/export-schedules", bufferBody).status()).isEqualTo(201);

      // the policy is Temporal's, and describe shows it as it is
      assertThat(describeText(skip)).containsPattern("OverlapPolicy\\s+Skip");
      assertThat(describeText(buffer)).containsPattern("OverlapPolicy\\s+BufferOne");

      // no worker: each first run starts and stays open; the following minutes overlap it
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(5))
          .until(
              () ->
                  skippedOverlap(describeJson(skip)) >= 1
                      && skippedOverlap(describeJson(buffer)) >= 1);
      JsonNode skipInfo = describeJson(skip).get("info");
      JsonNode bufferInfo = describeJson(buffer).get("info");
      System.out.println("skip: " + skipInfo + "\nbuffer_one: " + bufferInfo);
      assertThat(skipInfo.get("runningWorkflows")).hasSize(1);
      assertThat(bufferInfo.get("runningWorkflows")).hasSize(1);
      assertThat(bufferInfo.get("bufferSize").asInt()).as("buffer_one buffers one").isEqualTo(1);

      stack.startWorker();

      // buffer_one: the buffered run starts as soon as the long one has completed, for the minute
      // that came right after it
      List<JsonNode> buffered = awaitCompleted(buffer, 2);
      Instant firstTo = to(buffered.get(0));
      assertThat(to(buffered.get(1))).isEqualTo(firstTo.plus(Duration.ofMinutes(1)));
      assertThat(Instant.parse(buffered.get(1).get("createdAt").asText()))
          .isAfterOrEqualTo(Instant.parse(buffered.get(0).get("completedAt").asText()));

      // skip: the minutes that overlapped the long run have no run; the next minute runs again
      List<JsonNode> skipped = awaitCompleted(skip, 2);
      assertThat(Duration.between(to(skipped.get(0)), to(skipped.get(1))))
          .as("at least one minute skipped between the runs")
          .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
      assertThat(Instant.parse(skipped.get(1).get("startedAt").asText()))
          .isAfterOrEqualTo(Instant.parse(skipped.get(0).get("completedAt").asText()));
      assertThat(skippedOverlap(describeJson(skip))).isGreaterThanOrEqualTo(1);
    } finally {
      http.delete("/export-schedules/" + skip);
      http.delete("/export-schedules/" + buffer);
    }
  }

  /**
   * A schedule made before Temporal held the overlap (stored with {@code AllowAll}, as the README's
   * upgrade note says) gets its policy from one PATCH, even an empty one.
   */
  @Test
  void anEmptyPatchGivesAnOlderSchedulesOverlapToTemporal() throws Exception {
    String id = ScheduleE2ETest.unique("older");
    Map<String, Object> body = ScheduleE2ETest.schedule(id, "0 2 * * *", "UTC", "P1D");
    body.put("paused", true);
    try {
      assertThat(http.post("/export-schedules", body).status()).isEqualTo(201);
      // as the versions before 898c644 stored it
      stack
          .apiBean(ScheduleClient.class)
          .getHandle(TemporalNames.scheduleId("demo", id))
          .update(
              input -> {
                Schedule was = input.getDescription().getSchedule();
                return new ScheduleUpdate(
                    Schedule.newBuilder(was)
                        .setPolicy(
                            SchedulePolicy.newBuilder(was.getPolicy())
                                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL)
                                .build())
                        .build());
              });
      assertThat(describeText(id)).containsPattern("OverlapPolicy\\s+AllowAll");

      Http.Response patched = http.patch("/export-schedules/" + id, Map.of());
      assertThat(patched.status()).as(patched.text()).isEqualTo(200);
      assertThat(patched.json().get("overlap").asText()).isEqualTo("skip");
      assertThat(describeText(id)).containsPattern("OverlapPolicy\\s+Skip");
    } finally {
      http.delete("/export-schedules/" + id);
    }
  }

  /** The schedule's first {@code n} jobs (by scheduled time), once all are completed. */
  static List<JsonNode> awaitCompleted(String scheduleId, int n) {
    List<JsonNode> jobs = new ArrayList<>();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              jobs.clear();
              jobs.addAll(ScheduleE2ETest.jobsOf(http, scheduleId));
              jobs.sort(Comparator.comparing(ScheduleOverlapE2ETest::to));
              return jobs.size() >= n
                  && jobs.subList(0, n).stream()
                      .allMatch(j -> j.get("status").asText().equals("completed"));
            });
    return List.copyOf(jobs.subList(0, n));
  }

  static Instant to(JsonNode job) {
    return Instant.parse(job.get("range").get("to").asText());
  }

  static long skippedOverlap(JsonNode description) {
    JsonNode skipped = description.get("info").get("overlapSkipped");
    return skipped == null ? 0 : skipped.asLong();
  }

  static String describeText(String id) throws Exception {
    return Cli.run(
        RealServers.temporalCliRequired(),
        "schedule",
        "describe",
        "--address",
        stack.temporalAddress,
        "--schedule-id",
        TemporalNames.scheduleId("demo", id));
  }

  static JsonNode describeJson(String id) throws Exception {
    return JSON.readTree(
        Cli.run(
            RealServers.temporalCliRequired(),
            "schedule",
            "describe",
            "--address",
            stack.temporalAddress,
            "--schedule-id",
            TemporalNames.scheduleId("demo", id),
            "-o",
            "json"));
  }
}
