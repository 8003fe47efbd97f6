package io.exportjobs.api.schedule;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobStore;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A schedule as the api serves it: the user's definition, Temporal's state and next times, and its
 * recent runs with their jobs' status from the job index. Also the list's page tokens.
 */
@Component
class ScheduleViews {

  private final JobStore jobIndex;

  ScheduleViews(JobStore jobIndex) {
    this.jobIndex = jobIndex;
  }

  ExportSchedule view(Caller caller, ScheduleDescription d) {
    ScheduleDefinition def = ScheduleGateway.definitionOf(d);
    List<ExportSchedule.RecentRun> recent = new ArrayList<>();
    d.getInfo()
        .getRecentActions()
        .forEach(
            a -> {
              String jobId =
                  a.getAction() instanceof ScheduleActionExecutionStartWorkflow start
                      ? start.getWorkflowId()
                      : null;
              String status =
                  jobId == null
                      ? null
                      : jobIndex
                          .find(caller.tenant(), jobId)
                          .map(j -> j.job().status().wire())
                          .orElse(ExportStatus.PENDING.wire());
              // Temporal hands a run its scheduled time in whole seconds (a trigger's action time
              // has nanos): show the time the job's window ends at
              recent.add(
                  new ExportSchedule.RecentRun(
                      a.getScheduledAt().truncatedTo(ChronoUnit.SECONDS), jobId, status));
            });
    List<Instant> next = d.getInfo().getNextActionTimes();
    ScheduleState state = d.getSchedule().getState();
    return new ExportSchedule(
        def.id(),
        def.tenant(),
        def.cron(),
        def.timezone(),
        def.window(),
        def.mode(),
        def.startSeq(),
        def.job(),
        def.overlap(),
        def.catchupWindow(),
        def.jitter(),
        state.isPaused(),
        state.getNote(),
        List.copyOf(next.subList(0, Math.min(ScheduleValidation.NEXT_RUNS, next.size()))),
        recent,
        d.getInfo().getCreatedAt(),
        d.getInfo().getLastUpdatedAt() != null
            ? d.getInfo().getLastUpdatedAt()
            : d.getInfo().getCreatedAt());
  }

  /** The token of the page after the one ending with {@code lastId}: that id, opaque. */
  static String pageToken(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  static String lastIdOf(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("pageToken", "is not a token this service issued");
    }
  }
}
