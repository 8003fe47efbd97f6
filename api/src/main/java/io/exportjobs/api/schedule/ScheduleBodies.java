package io.exportjobs.api.schedule;

import io.exportjobs.api.export.CreateExportBody;
import java.time.Instant;
import java.util.Map;

/** Request bodies of the schedule calls; every field of a PATCH is optional. */
final class ScheduleBodies {

  private ScheduleBodies() {}

  /** The job each run starts: an export request without a range (the window gives it). */
  record JobTemplate(
      String type,
      String format,
      CreateExportBody.Filters filters,
      String retention,
      String target,
      Map<String, String> labels) {}

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
      String note) {}

  record Note(String note) {}

  record Backfill(Instant from, Instant to) {}
}
