package io.exportjobs.api.schedule;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** An export schedule as the api serves it. */
@JsonPropertyOrder({
  "id",
  "tenant",
  "cron",
  "timezone",
  "window",
  "mode",
  "startSeq",
  "job",
  "overlap",
  "catchupWindow",
  "jitter",
  "paused",
  "note",
  "nextRuns",
  "recentRuns",
  "createdAt",
  "updatedAt"
})
public record ExportSchedule(
    String id,
    String tenant,
    String cron,
    String timezone,
    String window,
    String mode,
    Long startSeq,
    ScheduleBodies.JobTemplate job,
    String overlap,
    String catchupWindow,
    String jitter,
    boolean paused,
    String note,
    List<Instant> nextRuns,
    List<RecentRun> recentRuns,
    Instant createdAt,
    Instant updatedAt) {

  /** A run the server started: when it was scheduled for, its job, and the job's status now. */
  @Schema(name = "ScheduleRun")
  public record RecentRun(Instant scheduledAt, String jobId, String status) {}

  @Schema(name = "CronPreview")
  public record Preview(String cron, String timezone, List<Instant> nextRuns) {}
}
