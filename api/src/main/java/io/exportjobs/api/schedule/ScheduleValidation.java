package io.exportjobs.api.schedule;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.FieldError;
import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.policy.Retention;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks of a schedule's definition and of the other schedule calls' input: every field error
 * at once, as a 400 problem, before anything is recorded or sent to Temporal.
 */
final class ScheduleValidation {

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  static final int NEXT_RUNS = 5;
  private static final Duration MIN_CATCHUP = Duration.ofSeconds(10);
  private static final Duration MAX_WINDOW = Duration.ofDays(366);
  private static final Duration MAX_CATCHUP = Duration.ofDays(3650);
  private static final Duration MAX_JITTER = Duration.ofDays(1);
  private static final Duration MAX_BACKFILL = Duration.ofDays(366);

  /**
   * A definition in the terms Temporal takes; {@code window} is null for an incremental schedule.
   */
  record Checked(
      CronSpec cron,
      Duration window,
      ScheduleOverlapPolicy overlap,
      Duration catchup,
      Duration jitter) {}

  private ScheduleValidation() {}

  /** Whether {@code id} can name a schedule (anything else is not found, never an error). */
  static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** The id a new schedule may take. */
  static void checkNewId(String id) {
    if (!isId(id)) {
      throw ApiException.invalid("id", "must match " + ID.pattern());
    }
    if (id.equals("preview")) {
      throw ApiException.invalid("id", "preview is reserved (GET /export-schedules/preview)");
    }
  }

  static Checked check(ScheduleDefinition d, String note) {
    List<FieldError> errors = new ArrayList<>();
    CronSpec cron = null;
    try {
      cron = cronSpec(d.cron(), d.timezone());
    } catch (ApiException e) {
      errors.addAll(e.errors());
    }
    Duration window = null;
    if (d.mode() != null && !d.incremental()) {
      errors.add(new FieldError("mode", "must be incremental, or absent for a window schedule"));
    } else if (d.incremental()) {
      IncrementalRuns.check(d, errors);
    } else {
      window = bounded(positive(d.window(), "window", errors), MAX_WINDOW, "window", errors);
      if (d.startSeq() != null) {
        errors.add(new FieldError("startSeq", "is only for an incremental schedule"));
      }
    }
    ScheduleOverlapPolicy overlap = overlap(d.overlap(), errors);
    Duration catchup =
        bounded(
            positive(d.catchupWindow(), "catchupWindow", errors),
            MAX_CATCHUP,
            "catchupWindow",
            errors);
    if (catchup != null && catchup.compareTo(MIN_CATCHUP) < 0) {
      errors.add(new FieldError("catchupWindow", "must be at least PT10S"));
    }
    Duration jitter =
        bounded(nonNegative(d.jitter(), "jitter", errors), MAX_JITTER, "jitter", errors);
    if (note != null && note.length() > 1000) {
      errors.add(new FieldError("note", "must be at most 1000 characters"));
    }
    if (d.job() == null) {
      errors.add(new FieldError("job", "is required"));
    } else if (ExportType.parse(d.job().type()).filter(ExportType::wholeLedger).isPresent()) {
      // a run exports a window or the entries since the last run; a snapshot is the whole ledger
      errors.add(
          new FieldError(
              "job.type",
              "cannot be "
                  + d.job().type()
                  + " for a schedule: a snapshot holds the whole ledger, not a window or the"
                  + " entries since the last run"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return new Checked(cron, window, overlap, catchup, jitter);
  }

  static void checkBackfill(ScheduleBodies.Backfill body) {
    if (body == null || body.from() == null || body.to() == null) {
      throw ApiException.invalid("from", "from and to are required");
    }
    if (!SqlTime.isStorable(body.from()) || !SqlTime.isStorable(body.to())) {
      throw ApiException.invalid("from", "from and to must be times in the years 0000 to 9999");
    }
    if (!body.from().isBefore(body.to())) {
      throw ApiException.invalid("from", "must be before to");
    }
    if (Duration.between(body.from(), body.to()).compareTo(MAX_BACKFILL) > 0) {
      throw ApiException.invalid("to", "a backfill spans at most P366D");
    }
  }

  /** How many next runs a preview shows. */
  static int previewCount(Integer count) {
    int n = count == null ? NEXT_RUNS : count;
    if (n < 1 || n > CronSpec.MAX_COUNT) {
      throw ApiException.invalid("count", "must be between 1 and " + CronSpec.MAX_COUNT);
    }
    return n;
  }

  static CronSpec cronSpec(String cron, String timezone) {
    if (cron == null || cron.isBlank()) {
      throw ApiException.invalid("cron", "is required");
    }
    try {
      CronSpec.parse(cron, CronSpec.DEFAULT_TIMEZONE);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("cron", e.getMessage());
    }
    try {
      return CronSpec.parse(cron, timezone);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("timezone", e.getMessage());
    }
  }

  private static ScheduleOverlapPolicy overlap(String value, List<FieldError> errors) {
    return switch (value == null ? "" : value) {
      case "skip" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
      case "buffer_one" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE;
      case "allow_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
      default -> {
        errors.add(new FieldError("overlap", "must be skip, buffer_one or allow_all"));
        yield null;
      }
    };
  }

  private static Duration bounded(
      Duration value, Duration max, String field, List<FieldError> errors) {
    if (value != null && value.compareTo(max) > 0) {
      errors.add(new FieldError(field, "must be at most " + Retention.format(max)));
      return null;
    }
    return value;
  }

  private static Duration positive(String value, String field, List<FieldError> errors) {
    Optional<Duration> d = Retention.parse(value);
    if (d.isEmpty()) {
      errors.add(new FieldError(field, "must be a positive ISO 8601 duration, e.g. PT1H or P1D"));
      return null;
    }
    return d.get();
  }

  private static Duration nonNegative(String value, String field, List<FieldError> errors) {
    if ("PT0S".equals(value) || "P0D".equals(value)) {
      return Duration.ZERO;
    }
    return positive(value, field, errors);
  }
}
