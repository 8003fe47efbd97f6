package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A schedule starts every run with the same template request; Temporal gives each run its own
 * workflow id (the template's id plus the scheduled time) and its scheduled time. The run's job id
 * is that workflow id and its range is {@code [scheduledAt - window, scheduledAt)}, where the
 * window is the span of the template's range: taken from the schedule, never from the clock.
 */
final class ScheduledRuns {

  private ScheduledRuns() {}

  static ExportRequest resolve(ExportRequest input) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    if (input.scheduleId() == null || workflowId.equals(input.jobId())) {
      return input; // submitted over REST, or a retry of a scheduled job: its range is fixed
    }
    OffsetDateTime scheduled =
        Workflow.getTypedSearchAttributes().get(TemporalNames.TEMPORAL_SCHEDULED_START_TIME);
    Instant scheduledAt =
        scheduled != null
            ? scheduled.toInstant()
            : Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis());
    Duration window = input.range().span();
    return new ExportRequest(
        workflowId,
        input.tenant(),
        input.type(),
        input.format(),
        new TimeRange(scheduledAt.minus(window), scheduledAt),
        input.filters(),
        input.labels(),
        input.retention(),
        input.target(),
        Instant.ofEpochMilli(Workflow.currentTimeMillis()),
        input.requestedBy(),
        input.callerScopes(),
        1,
        input.scheduleId());
  }
}
