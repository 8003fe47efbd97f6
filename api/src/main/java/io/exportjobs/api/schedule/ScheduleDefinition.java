package io.exportjobs.api.schedule;

/**
 * What a user defined, kept on the schedule's workflow action as memo {@code exportSchedule}: the
 * server keeps the cron only in compiled form, and the api answers with the user's own text. {@code
 * mode} is {@code incremental} (with {@code startSeq}) or null for a window schedule.
 */
record ScheduleDefinition(
    String id,
    String tenant,
    String cron,
    String timezone,
    String window,
    ScheduleBodies.JobTemplate job,
    String overlap,
    String catchupWindow,
    String jitter,
    String createdBy,
    String mode,
    Long startSeq) {

  static final String INCREMENTAL = "incremental";

  /** Each run exports the seqs from where the last successful run ended to the head. */
  boolean incremental() {
    return INCREMENTAL.equals(mode);
  }
}
