package io.exportjobs.shared.workflow;

import java.util.List;
import java.util.Map;

/**
 * A schedule as its user defined it, kept in the memo {@link TemporalNames#MEMO_SCHEDULE} of the
 * schedule's workflow action (the server keeps the cron only in compiled form, and the api answers
 * with the user's own text). Written and read only through {@link ScheduleMemoCodec}; its JSON keys
 * are those every shipped version wrote, so schedules made by them keep working. {@code mode} is
 * {@value #INCREMENTAL} (with {@code startSeq}) or null for a window schedule.
 */
public record ScheduleMemo(
    String id,
    String tenant,
    String cron,
    String timezone,
    String window,
    Job job,
    String overlap,
    String catchupWindow,
    String jitter,
    String createdBy,
    String mode,
    Long startSeq) {

  public static final String INCREMENTAL = "incremental";

  /** Each run exports the seqs from where the last successful run ended to the head. */
  public boolean incremental() {
    return INCREMENTAL.equals(mode);
  }

  /** The job each run starts, as the user wrote it (strings, so that it reads back verbatim). */
  public record Job(
      String type,
      String format,
      Filters filters,
      String retention,
      String target,
      Map<String, String> labels) {}

  /** The job's entry filters as the user wrote them. */
  public record Filters(
      List<String> actors, List<String> actions, List<String> resources, List<String> outcomes) {}
}
