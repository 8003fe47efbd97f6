package io.exportjobs.api.schedule;

import io.exportjobs.api.export.CreateExportBody;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** Request bodies of the schedule calls; every field of a PATCH is optional. */
final class ScheduleBodies {

  private ScheduleBodies() {}

  /** The job each run starts: an export request without a range (the window gives it). */
  @Schema(name = "ScheduleJobTemplate")
  record JobTemplate(
      String type,
      String format,
      CreateExportBody.Filters filters,
      String retention,
      String target,
      Map<String, String> labels) {}

  @Schema(
      name = "ScheduleRequest",
      description = "POST: a new schedule; PATCH: the fields to change")
  record Create(
      String id,
      String cron,
      String timezone,
      String window,
      JobTemplate job,
      String overlap,
      String catchupWindow,
      String jitter,
      Boolean paused,
      String note,
      String mode,
      Long startSeq) {}

  @Schema(name = "ScheduleNote")
  record Note(String note) {}

  @Schema(name = "BackfillRequest", description = "start the runs scheduled in [from, to)")
  record Backfill(Instant from, Instant to) {}
}
