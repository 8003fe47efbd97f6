package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ScheduledWindow;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A schedule starts every run with the same template request; Temporal gives each run its own
 * workflow id (the template's id plus the scheduled time) and its scheduled time. The run's job id
 * is that workflow id and its range is {@code [scheduledAt - window, scheduledAt)}, the template's
 * {@link ScheduledWindow}: taken from the schedule, never from the clock. An incremental schedule's
 * template holds the seq range {@code [startSeq, head]} instead, which each run keeps.
 */
final class ScheduledRuns {

  private ScheduledRuns() {}

  static ExportRequest resolve(ExportRequest input) {
    if (input.scheduleId() == null) {
      return input; // submitted over REST
    }
    String workflowId = Workflow.getInfo().getWorkflowId();
    if (input.jobId().equals(workflowId)) {
      return input; // a retry of a scheduled job, or a run that continues one that waited
    }
    // only a schedule sets this attribute: a retry of a scheduled job, started by the api, keeps
    // the range it had
    OffsetDateTime scheduled =
        Workflow.getTypedSearchAttributes().get(TemporalNames.TEMPORAL_SCHEDULED_START_TIME);
    if (scheduled == null) {
      return input;
    }
    Instant scheduledAt = scheduled.toInstant();
    // an incremental schedule's runs keep its seq range: the extraction resolves where they start
    TimeRange range =
        ScheduledWindow.of(input).map(w -> w.endingAt(scheduledAt)).orElse(input.range());
    return input.toBuilder()
        .jobId(workflowId)
        .range(range)
        .scheduledWindow(null)
        .createdAt(Instant.ofEpochMilli(Workflow.currentTimeMillis()))
        .attempt(1)
        .build();
  }
}
