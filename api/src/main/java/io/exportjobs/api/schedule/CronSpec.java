package io.exportjobs.api.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A validated schedule cron expression and its time zone: the one place that checks what a user may
 * schedule and previews when it runs, without asking the Temporal server.
 *
 * <p><b>What is accepted.</b> Exactly a 5-field UNIX cron expression ({@code minute hour
 * day-of-month month day-of-week}; numbers, 3-letter month and day names, {@code *}, lists, ranges
 * and steps), or one of the shorthands <code>&#64;hourly</code>, <code>&#64;daily</code>, <code>
 * &#64;weekly</code>, <code>&#64;monthly</code>, which are expanded here to {@code 0 * * * *},
 * {@code 0 0 * * *}, {@code 0 0 * * 0}, {@code 0 0 1 * *} (the same expansion as the server's). 6-
 * and 7-field expressions (seconds, years), <code>&#64;yearly</code>, <code>&#64;every</code>,
 * {@code TZ=} prefixes and Quartz extensions ({@code ? L W # H}) are refused. Parsing and field
 * validation use cron-utils' {@code CronType.UNIX} definition ({@link CronValidation}). The time
 * zone is {@code null} for UTC, {@code "UTC"}, or an IANA region id that {@link
 * ZoneId#getAvailableZoneIds()} contains (e.g. {@code Europe/Berlin}); offsets such as {@code
 * +02:00}, {@code Z} or {@code GMT+2} are refused, because the server resolves names with Go's
 * {@code time.LoadLocation}, which knows region ids only.
 *
 * <p><b>Day of month and day of week.</b> Unlike classic cron, which runs when <em>either</em> a
 * restricted day-of-month or a restricted day-of-week matches, Temporal requires <em>both</em> to
 * match: {@code 0 0 1-7 * 1} is "the first Monday of the month", {@code 0 0 13 * 5} "every Friday
 * the 13th". {@link #nextRuns} follows the server. An expression that can never run (e.g. {@code 0
 * 0 30 2 *}) is refused.
 *
 * <p><b>{@link #nextRuns} equals the server.</b> The times are those the server lists as a
 * schedule's next action times (without jitter): it is a port of the server's calendar walk ({@link
 * ServerCalendar}: service/worker/scheduler calendar.go {@code next} and spec.go {@code
 * getNextTime}), fed with the field values cron-utils parsed. That walk steps through local
 * wall-clock fields and converts them with Go's {@code time.Date}; the rules that follow were
 * checked against a Temporal dev server (CLI 1.9.1, server 1.32.0) and are pinned by {@code
 * CronPreviewE2ETest}:
 *
 * <ul>
 *   <li>Each time is computed from the previous one, and the walk starts at the whole second of
 *       {@code after}; times are whole minutes, so the result is "strictly after {@code after}". A
 *       schedule whose {@code StartAt} is in the future lists {@code nextRuns(startAt - 1s, 10)}: a
 *       time equal to {@code StartAt} (to the second) is included.
 *   <li><b>Spring forward</b> (a local time that does not exist): Go's {@code time.Date} moves it
 *       forward by the gap; if that lands in another hour the run is <em>skipped</em>, otherwise it
 *       runs at the moved time. With whole-hour gaps the run is therefore skipped: Europe/Berlin
 *       2027-03-28 (02:00 CET becomes 03:00 CEST): {@code 30 2 * * *} runs 2027-03-27T01:30Z, then
 *       2027-03-29T00:30Z, and {@code 0 * * * *} runs 00:00Z (01:00 CET), then 01:00Z (03:00 CEST)
 *       (cron-utils skips these too). With Australia/Lord_Howe's 30-minute gap (2027-10-03, 02:00
 *       becomes 02:30) {@code 15 2 * * *} runs at 02:45 local, 2027-10-02T15:45Z.
 *   <li><b>Fall back</b> (a local time that occurs twice): a run at a repeated time first lands on
 *       the instant Go's {@code time.Date} picks, the <em>later</em> occurrence (standard time)
 *       east of UTC and the <em>earlier</em> one (daylight time) west of it; whether it runs at the
 *       other occurrence too depends on the walk. Europe/Berlin 2027-10-31 (03:00 CEST becomes
 *       02:00 CET): {@code 30 2 * * *} runs once, at 2027-10-31T01:30Z (02:30 CET), where
 *       cron-utils picks 00:30Z (02:30 CEST). America/New_York 2027-11-07 (02:00 EDT becomes 01:00
 *       EST): {@code 30 1 * * *} runs twice, at 05:30Z (01:30 EDT) and 06:30Z (01:30 EST). Inside
 *       and next to the repeated hour the walk has further quirks, which depend on where it started
 *       (Berlin, same day): {@code 0 * * * *} runs 23:00Z, 00:00Z (02:00 CEST), then 02:00Z,
 *       leaving out 01:00Z (02:00 CET); <code>*&#47;15 * * * *</code> runs 00:00Z, 01:15Z, 02:30Z,
 *       02:45Z, leaving out 00:15Z-01:00Z and 01:30Z-02:15Z; {@code 0 1 * * *} runs twice, at
 *       2027-10-30T23:00Z (01:00 CEST) and 2027-10-31T00:00Z (02:00 CEST). No simple correction of
 *       cron-utils' times reproduces that, so the walk itself is ported.
 *   <li>Years after 2100 never match (the server's limit): fewer than {@code count} times may come
 *       back.
 * </ul>
 *
 * <p>A schedule with jitter runs later than these nominal times; the server's list then includes
 * the jitter.
 */
public final class CronSpec {

  public static final int MAX_CRON_LENGTH = 100;
  public static final int MAX_TIMEZONE_LENGTH = 64;

  /** The most times {@link #nextRuns} computes at once. */
  public static final int MAX_COUNT = 100;

  public static final String DEFAULT_TIMEZONE = "UTC";

  private final String cron;
  private final String temporalCron;
  private final ZoneId zone;
  private final ServerCalendar calendar;

  private CronSpec(String cron, String temporalCron, ZoneId zone, ServerCalendar calendar) {
    this.cron = cron;
    this.temporalCron = temporalCron;
    this.zone = zone;
    this.calendar = calendar;
  }

  /**
   * Validates {@code cron} in {@code timezone} ({@link CronValidation}).
   *
   * @param cron a 5-field UNIX cron expression or <code>
   *     &#64;hourly|&#64;daily|&#64;weekly|&#64;monthly</code>
   * @param timezone {@code null} for UTC, else {@code "UTC"} or an IANA region id
   * @throws IllegalArgumentException with a message for the user naming what is wrong
   */
  public static CronSpec parse(String cron, String timezone) {
    CronValidation.Valid valid = CronValidation.validate(cron, timezone);
    ServerCalendar calendar = new ServerCalendar(valid.zone(), valid.fields());
    // Every month/day combination recurs within 28 years (no century in 2000..2100 skips a leap
    // day), so one that does not match by 2028 never does.
    if (calendar.next(Instant.parse("2000-01-01T00:00:00Z").getEpochSecond()).isEmpty()) {
      throw new IllegalArgumentException(
          "cron expression '"
              + valid.cron()
              + "' never runs: no date matches its day-of-month, month and day-of-week (when both"
              + " day-of-month and day-of-week are restricted, a day must match both)");
    }
    return new CronSpec(valid.cron(), valid.temporalCron(), valid.zone(), calendar);
  }

  /** The expression as given (whitespace collapsed; a shorthand stays a shorthand). */
  public String cron() {
    return cron;
  }

  /**
   * The 5-field expression to hand {@code ScheduleSpec.setCronExpressions}: shorthands expanded,
   * day-of-week names as numbers (0 = Sunday).
   */
  public String temporalCron() {
    return temporalCron;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The zone's name as the server takes it ({@code ScheduleSpec.setTimeZoneName}). */
  public String timezone() {
    return zone.getId();
  }

  /**
   * The next {@code count} run times strictly after {@code after}, exactly as the Temporal server
   * computes them for a schedule with this cron and time zone (see the class comment for the
   * daylight-saving rules). Fewer come back only past the year 2100.
   *
   * @throws IllegalArgumentException if {@code count} is not between 1 and {@link #MAX_COUNT}
   */
  public List<Instant> nextRuns(Instant after, int count) {
    Objects.requireNonNull(after, "after");
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "count must be between 1 and " + MAX_COUNT + ", was " + count);
    }
    List<Instant> runs = new ArrayList<>(count);
    // The server works in whole seconds and computes each time from the previous one.
    long cursor = after.getEpochSecond();
    while (runs.size() < count) {
      OptionalLong next = calendar.next(cursor);
      if (next.isEmpty()) {
        break;
      }
      cursor = next.getAsLong();
      runs.add(Instant.ofEpochSecond(cursor));
    }
    return List.copyOf(runs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSpec other && cron.equals(other.cron) && zone.equals(other.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cron, zone);
  }

  @Override
  public String toString() {
    return "CronSpec[" + cron + " " + zone.getId() + "]";
  }
}
