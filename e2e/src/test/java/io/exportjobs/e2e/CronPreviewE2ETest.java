package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.api.schedule.CronSpec;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CronSpec#nextRuns} previews a schedule without the server; here the real Temporal server
 * lists the same times. Each case creates a paused schedule whose start lies in the future (so the
 * server lists its next times from {@code startAt}, inclusive to the second, i.e. strictly after
 * {@code startAt - 1s}), reads the server's next action times and deletes the schedule. The
 * daylight-saving cases start shortly before each zone's next real transitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CronPreviewE2ETest {

  /** How many times the server lists (its FutureActionCount). */
  private static final int SERVER_COUNT = 10;

  private static final List<String> CRONS =
      List.of(
          "30 2 * * *",
          "0 2 * * *",
          "0 3 * * *",
          "15 2 * * *",
          "0 1 * * *",
          "59 1 * * *",
          "0 * * * *",
          "*/15 * * * *",
          "*/20 1-3 * * *",
          "0 0 1 * *",
          "0 6 1 2-6 *",
          "0 9 * * 1-5",
          "@weekly",
          "@daily",
          "0 0 1-7 * 1",
          "0 12 * * */2",
          "0 12 * * 1/2",
          "15 0 * jan,mar,oct-dec sun-tue");

  private static final List<String> DST_ZONES =
      List.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe");

  private WorkflowServiceStubs stubs;
  private ScheduleClient schedules;

  @BeforeAll
  void connect() {
    String address = RealServers.temporalAddress();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    schedules = ScheduleClient.newInstance(stubs);
  }

  @AfterAll
  void disconnect() {
    if (stubs != null) {
      stubs.shutdown();
    }
  }

  record Case(String cron, String zone, Instant startAt) {
    @Override
    public String toString() {
      return cron + " in " + zone + " from " + startAt;
    }
  }

  /** Each zone's next spring-forward and fall-back, approached from 3 days, 2 hours, 20 min. */
  static Stream<Case> daylightSavingCases() {
    Instant notBefore = Instant.now().plus(Duration.ofDays(7));
    List<Case> cases = new ArrayList<>();
    for (String zone : DST_ZONES) {
      for (Instant transition : nextTwoTransitions(ZoneId.of(zone), notBefore)) {
        for (Duration lead :
            List.of(Duration.ofDays(3), Duration.ofHours(2), Duration.ofMinutes(20))) {
          Instant startAt = transition.minus(lead).truncatedTo(ChronoUnit.MINUTES);
          for (String cron : CRONS) {
            cases.add(new Case(cron, zone, startAt));
          }
        }
      }
    }
    return cases.stream();
  }

  /** No daylight saving: Asia/Kolkata (+05:30) and UTC. */
  static Stream<Case> steadyZoneCases() {
    Instant startAt = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS);
    List<Case> cases = new ArrayList<>();
    for (String zone : List.of("Asia/Kolkata", "UTC")) {
      for (String cron : CRONS) {
        cases.add(new Case(cron, zone, startAt));
      }
    }
    cases.add(new Case("0 0 13 * 5", "UTC", startAt));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daylightSavingCases")
  void previewEqualsTheServerAcrossDaylightSavingChanges(Case c) {
    assertPreviewEqualsServer(c.cron(), c.zone(), c.startAt());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steadyZoneCases")
  void previewEqualsTheServerWithoutDaylightSaving(Case c) {
    assertPreviewEqualsServer(c.cron(), c.zone(), c.startAt());
  }

  @Test
  void startAtIsInclusiveToTheSecond() {
    Instant noon =
        Instant.now()
            .plus(Duration.ofDays(20))
            .truncatedTo(ChronoUnit.DAYS)
            .plus(Duration.ofHours(12));
    assertPreviewEqualsServer("0 12 * * *", "UTC", noon);
    // The server drops the fraction of a second: a run at 12:00:00 is still listed first.
    List<Instant> server = assertPreviewEqualsServer("0 12 * * *", "UTC", noon.plusMillis(500));
    assertThat(server.get(0)).isEqualTo(noon);
    server = assertPreviewEqualsServer("0 12 * * *", "UTC", noon.plusSeconds(1));
    assertThat(server.get(0)).isEqualTo(noon.plus(Duration.ofDays(1)));
  }

  /** What CronSpec refuses as out of range, the server refuses too (cron-utils alone would not). */
  @ParameterizedTest
  @ValueSource(strings = {"0 0 * * mon-sun", "0 0 * * 5-0", "0 24 * * *", "50-10 * * * *"})
  void theServerRefusesWhatCronSpecRefuses(String cron) {
    assertThatThrownBy(() -> CronSpec.parse(cron, "UTC"))
        .isInstanceOf(IllegalArgumentException.class);
    String id = "cron-probe-" + UUID.randomUUID();
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(action(id))
            .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build())
            .setState(ScheduleState.newBuilder().setPaused(true).build())
            .build();
    try {
      assertThatThrownBy(
              () -> schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build()))
          .as("the server accepted %s", cron)
          .isNotNull();
    } finally {
      try {
        schedules.getHandle(id).delete();
      } catch (RuntimeException notCreated) {
        // expected: the schedule was never created
      }
    }
  }

  private static ScheduleActionStartWorkflow action(String id) {
    return ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType("ExportWorkflow")
        .setOptions(
            WorkflowOptions.newBuilder()
                .setWorkflowId(id + "-wf")
                .setTaskQueue("cron-probe-unused")
                .build())
        .build();
  }

  private List<Instant> assertPreviewEqualsServer(String cron, String zone, Instant startAt) {
    assertThat(startAt)
        .as("the case must start in the future")
        .isAfter(Instant.now().plusSeconds(60));
    CronSpec spec = CronSpec.parse(cron, zone);
    List<Instant> server = serverNextTimes(spec, startAt);
    assertThat(server)
        .as("server's next times for %s in %s from %s", cron, zone, startAt)
        .hasSize(SERVER_COUNT);
    List<Instant> preview = spec.nextRuns(startAt.minusSeconds(1), SERVER_COUNT);
    assertThat(preview)
        .as("CronSpec.nextRuns for %s in %s from %s", cron, zone, startAt)
        .containsExactlyElementsOf(server);
    return server;
  }

  private List<Instant> serverNextTimes(CronSpec spec, Instant startAt) {
    String id = "cron-probe-" + UUID.randomUUID();
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(action(id))
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setCronExpressions(List.of(spec.temporalCron()))
                    .setTimeZoneName(spec.timezone())
                    .setStartAt(startAt)
                    .build())
            .setState(ScheduleState.newBuilder().setPaused(true).build())
            .build();
    ScheduleHandle handle =
        schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
    try {
      // the server fills in the next times shortly after creating the schedule
      return org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> List.copyOf(handle.describe().getInfo().getNextActionTimes()),
              t -> !t.isEmpty());
    } finally {
      handle.delete();
    }
  }

  private static List<Instant> nextTwoTransitions(ZoneId zone, Instant after) {
    List<Instant> out = new ArrayList<>();
    Instant cursor = after;
    while (out.size() < 2) {
      ZoneOffsetTransition t = zone.getRules().nextTransition(cursor);
      out.add(t.getInstant());
      cursor = t.getInstant();
    }
    return out;
  }
}
