package io.exportjobs.api.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

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
 * validation use cron-utils' {@link CronType#UNIX} definition. The time zone is {@code null} for
 * UTC, {@code "UTC"}, or an IANA region id that {@link ZoneId#getAvailableZoneIds()} contains (e.g.
 * {@code Europe/Berlin}); offsets such as {@code +02:00}, {@code Z} or {@code GMT+2} are refused,
 * because the server resolves names with Go's {@code time.LoadLocation}, which knows region ids
 * only.
 *
 * <p><b>Day of month and day of week.</b> Unlike classic cron, which runs when <em>either</em> a
 * restricted day-of-month or a restricted day-of-week matches, Temporal requires <em>both</em> to
 * match: {@code 0 0 1-7 * 1} is "the first Monday of the month", {@code 0 0 13 * 5} "every Friday
 * the 13th". {@link #nextRuns} follows the server. An expression that can never run (e.g. {@code 0
 * 0 30 2 *}) is refused.
 *
 * <p><b>{@link #nextRuns} equals the server.</b> The times are those the server lists as a
 * schedule's next action times (without jitter): it is a port of the server's calendar walk
 * (service/worker/scheduler calendar.go {@code next} and spec.go {@code getNextTime}), fed with the
 * field values cron-utils parsed. That walk steps through local wall-clock fields and converts them
 * with Go's {@code time.Date}; the rules that follow were checked against a Temporal dev server
 * (CLI 1.9.1, server 1.32.0) and are pinned by {@code CronPreviewE2ETest}:
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

  private static final Map<String, String> SHORTHANDS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *");
  private static final String SHORTHAND_LIST = "@hourly, @daily, @weekly, @monthly";
  private static final String FIELDS = "minute hour day-of-month month day-of-week";
  private static final String[] FIELD_NAMES = {
    "minute", "hour", "day-of-month", "month", "day-of-week"
  };
  private static final Pattern FIELD_CHARS = Pattern.compile("[0-9A-Za-z*,/-]+");
  private static final Pattern DAY_NAME =
      Pattern.compile("\\b(sun|mon|tue|wed|thu|fri|sat)\\b", Pattern.CASE_INSENSITIVE);
  private static final List<String> DAY_NAMES =
      List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Set<String> ZONE_IDS = ZoneId.getAvailableZoneIds();

  /** The server's last calendar year (calendar.go maxCalendarYear). */
  private static final int MAX_YEAR = 2100;

  private static final long HOUR = 3600;

  private final String cron;
  private final String temporalCron;
  private final ZoneId zone;
  private final ZoneRules rules;

  // The values each field matches, as Temporal indexes them (day of week: 0 = Sunday).
  private final boolean[] minutes;
  private final boolean[] hours;
  private final boolean[] daysOfMonth;
  private final boolean[] months;
  private final boolean[] daysOfWeek;

  private CronSpec(String cron, String temporalCron, ZoneId zone, boolean[][] fields) {
    this.cron = cron;
    this.temporalCron = temporalCron;
    this.zone = zone;
    this.rules = zone.getRules();
    this.minutes = fields[0];
    this.hours = fields[1];
    this.daysOfMonth = fields[2];
    this.months = fields[3];
    this.daysOfWeek = fields[4];
  }

  /**
   * Validates {@code cron} in {@code timezone}.
   *
   * @param cron a 5-field UNIX cron expression or <code>
   *     &#64;hourly|&#64;daily|&#64;weekly|&#64;monthly</code>
   * @param timezone {@code null} for UTC, else {@code "UTC"} or an IANA region id
   * @throws IllegalArgumentException with a message for the user naming what is wrong
   */
  public static CronSpec parse(String cron, String timezone) {
    ZoneId zone = parseZone(timezone);
    if (cron == null || cron.isBlank()) {
      throw new IllegalArgumentException("cron expression is required");
    }
    if (cron.length() > MAX_CRON_LENGTH) {
      throw new IllegalArgumentException(
          "cron expression is longer than " + MAX_CRON_LENGTH + " characters");
    }
    String normalized = String.join(" ", WHITESPACE.split(cron.strip()));
    String expanded = normalized;
    if (normalized.startsWith("@")) {
      expanded = SHORTHANDS.get(normalized.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new IllegalArgumentException(
            "unsupported cron shorthand '"
                + normalized
                + "': use one of "
                + SHORTHAND_LIST
                + " or a 5-field UNIX cron expression ("
                + FIELDS
                + ")");
      }
      normalized = normalized.toLowerCase(Locale.ROOT);
    }
    String[] fields = expanded.split(" ");
    if (fields.length == 6 || fields.length == 7) {
      throw new IllegalArgumentException(
          "cron expression '"
              + normalized
              + "' has "
              + fields.length
              + " fields: only 5-field UNIX cron is accepted ("
              + FIELDS
              + "), without seconds or year fields");
    }
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "cron expression '"
              + normalized
              + "' has "
              + fields.length
              + (fields.length == 1 ? " field" : " fields")
              + ": expected 5 ("
              + FIELDS
              + ") or one of "
              + SHORTHAND_LIST);
    }
    String[] given = fields.clone();
    // Day names as the server numbers them (SUN = 0; cron-utils would read SUN as 7, so that
    // "sun-tue" would fail and "mon-sun" pass, the opposite of the server).
    fields[4] = DAY_NAME.matcher(fields[4]).replaceAll(r -> dayNumber(r.group()));
    expanded = String.join(" ", fields);
    boolean[][] values = new boolean[5][];
    for (int i = 0; i < 5; i++) {
      values[i] = fieldValues(i, fields[i], given[i]);
    }
    try {
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX))
          .parse(expanded)
          .validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid cron expression '" + normalized + "': " + cronUtilsReason(e), e);
    }
    CronSpec spec = new CronSpec(normalized, expanded, zone, values);
    // Every month/day combination recurs within 28 years (no century in 2000..2100 skips a leap
    // day), so one that does not match by 2028 never does.
    if (spec.serverNext(Instant.parse("2000-01-01T00:00:00Z").getEpochSecond()).isEmpty()) {
      throw new IllegalArgumentException(
          "cron expression '"
              + normalized
              + "' never runs: no date matches its day-of-month, month and day-of-week (when both"
              + " day-of-month and day-of-week are restricted, a day must match both)");
    }
    return spec;
  }

  private static ZoneId parseZone(String timezone) {
    if (timezone == null) {
      return ZoneId.of(DEFAULT_TIMEZONE);
    }
    if (timezone.isBlank()) {
      throw new IllegalArgumentException("timezone must not be blank (omit it for UTC)");
    }
    if (timezone.length() > MAX_TIMEZONE_LENGTH) {
      throw new IllegalArgumentException(
          "timezone is longer than " + MAX_TIMEZONE_LENGTH + " characters");
    }
    if (!DEFAULT_TIMEZONE.equals(timezone) && !ZONE_IDS.contains(timezone)) {
      throw new IllegalArgumentException(
          "unknown timezone '"
              + timezone
              + "': use an IANA time zone name such as Europe/Berlin or America/New_York, or UTC"
              + " (offsets like +02:00 are not accepted)");
    }
    return ZoneId.of(timezone);
  }

  /**
   * The values one field matches, as cron-utils reads it: the field is put into an otherwise
   * all-{@code *} expression and each candidate value is tested with {@link ExecutionTime#isMatch}
   * on a reference date in UTC.
   */
  private static boolean[] fieldValues(int index, String field, String given) {
    String name = FIELD_NAMES[index];
    if (!FIELD_CHARS.matcher(field).matches()) {
      throw new IllegalArgumentException(
          "invalid cron "
              + name
              + " field '"
              + given
              + "': only numbers, names (JAN-DEC, SUN-SAT), '*', ',', '-' and '/' are allowed");
    }
    String[] probe = {"*", "*", "*", "*", "*"};
    probe[index] = field;
    if (index <= 1) {
      probe[1 - index] = "0"; // a minute probe at hour 0, an hour probe at minute 0
    }
    Cron parsed;
    try {
      parsed =
          new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX))
              .parse(String.join(" ", probe))
              .validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid cron " + name + " field '" + given + "': " + cronUtilsReason(e), e);
    }
    ExecutionTime time = ExecutionTime.forCron(parsed);
    // 2000-01-02 is a Sunday, January has 31 days.
    ZonedDateTime base = ZonedDateTime.of(2000, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC);
    boolean[] values;
    switch (index) {
      case 0 -> {
        values = new boolean[60];
        for (int v = 0; v < 60; v++) {
          values[v] = time.isMatch(base.withMinute(v));
        }
      }
      case 1 -> {
        values = new boolean[24];
        for (int v = 0; v < 24; v++) {
          values[v] = time.isMatch(base.withHour(v));
        }
      }
      case 2 -> {
        values = new boolean[32];
        for (int v = 1; v <= 31; v++) {
          values[v] = time.isMatch(base.withDayOfMonth(v));
        }
      }
      case 3 -> {
        values = new boolean[13];
        for (int v = 1; v <= 12; v++) {
          values[v] = time.isMatch(base.withDayOfMonth(1).withMonth(v));
        }
      }
      default -> {
        values = new boolean[7];
        for (int v = 0; v < 7; v++) {
          values[v] = time.isMatch(base.plusDays(v));
        }
      }
    }
    boolean any = false;
    for (boolean v : values) {
      any |= v;
    }
    if (!any) {
      throw new IllegalArgumentException("invalid cron " + name + " field '" + given + "'");
    }
    return values;
  }

  private static String dayNumber(String name) {
    return Integer.toString(DAY_NAMES.indexOf(name.toLowerCase(Locale.ROOT)));
  }

  private static String cronUtilsReason(IllegalArgumentException e) {
    String message = Objects.requireNonNullElse(e.getMessage(), "malformed");
    return message.replaceFirst("^Failed to parse cron expression\\.\\s*", "");
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
      OptionalLong next = serverNext(cursor);
      if (next.isEmpty()) {
        break;
      }
      cursor = next.getAsLong();
      runs.add(Instant.ofEpochSecond(cursor));
    }
    return List.copyOf(runs);
  }

  /**
   * The server's calendar walk (calendar.go {@code compiledCalendar.next}), step for step: the
   * first matching local time after {@code afterSecond}, searched field by field from the outside
   * in, converted with {@link #goDate}. Nonexistent local times are skipped; a repeated hour is
   * handled by the {@code dstOffset} bookkeeping below, including its quirks.
   */
  private OptionalLong serverNext(long afterSecond) {
    LocalDateTime start = wallClock(afterSecond);
    int y = start.getYear();
    int mo = start.getMonthValue();
    int d = start.getDayOfMonth();
    int h = start.getHour();
    int m = start.getMinute();
    int s = start.getSecond();
    // "we're in the second copy of a dst repeated hour"
    long dstOffset = wallClock(afterSecond - HOUR).getHour() == h ? HOUR : 0;
    s++;
    outer:
    while (true) {
      if (s >= 60) {
        m++;
        s = 0;
      }
      if (m >= 60) {
        long prev = goDate(y, mo, d, h, 0, 0);
        h++;
        m = 0;
        long next = goDate(y, mo, d, h, 0, 0);
        // Moving to the next hour took more than an hour: a repeated hour was passed over, so
        // the server walks the same hour again, one hour later.
        if (dstOffset == 0 && next - prev > HOUR) {
          h--;
          dstOffset = HOUR;
        } else {
          dstOffset = 0;
        }
      }
      if (h >= 24) {
        d++;
        h = 0;
      }
      if (d > daysInMonth(mo, y)) {
        mo++;
        d = 1;
      }
      if (mo > 12) {
        y++;
        mo = 1;
      }
      if (y > MAX_YEAR) {
        return OptionalLong.empty();
      }
      while (!months[mo]) {
        mo++;
        d = 1;
        h = 0;
        m = 0;
        s = 0;
        dstOffset = 0;
        if (mo > 12) {
          continue outer;
        }
      }
      while (!daysOfMonth[d] || !daysOfWeek[weekday(goDate(y, mo, d, h, m, s))]) {
        d++;
        h = 0;
        m = 0;
        s = 0;
        dstOffset = 0;
        if (d > daysInMonth(mo, y)) {
          continue outer;
        }
      }
      while (!hours[h]) {
        h++;
        m = 0;
        s = 0;
        dstOffset = 0;
        if (h >= 24) {
          continue outer;
        }
      }
      while (!minutes[m]) {
        m++;
        s = 0;
        if (m >= 60) {
          continue outer;
        }
      }
      while (s != 0) { // 5-field cron: second 0 only
        s++;
        if (s >= 60) {
          continue outer;
        }
      }
      long candidate = goDate(y, mo, d, h, m, s);
      // A local time that a spring-forward transition jumps over comes back in another hour:
      // skip the rest of this hour.
      if (wallClock(candidate).getHour() != h) {
        h++;
        m = 0;
        s = 0;
        continue;
      }
      return OptionalLong.of(candidate + dstOffset);
    }
  }

  /**
   * Go's {@code time.Date(y, mo, d, h, m, s, 0, zone)} as epoch seconds: the offset in force at the
   * wall-clock reading taken as UTC is tried first, and kept if the result still has it; otherwise
   * the offset at that result is used. So a nonexistent time moves forward by the gap, and a
   * repeated time resolves to the occurrence whose offset is in force at "local time as UTC" (the
   * later one east of Greenwich, the earlier one west of it). {@code h} may be 24.
   */
  private long goDate(int y, int mo, int d, int h, int m, int s) {
    long local = LocalDate.of(y, mo, d).toEpochDay() * 86_400L + h * HOUR + m * 60L + s;
    int guess = offsetAt(local);
    long utc = local - guess;
    int actual = offsetAt(utc);
    return actual == guess ? utc : local - actual;
  }

  private int offsetAt(long epochSecond) {
    return rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
  }

  private LocalDateTime wallClock(long epochSecond) {
    return LocalDateTime.ofEpochSecond(
        epochSecond, 0, rules.getOffset(Instant.ofEpochSecond(epochSecond)));
  }

  /** Go's weekday numbering: 0 = Sunday. */
  private int weekday(long epochSecond) {
    return wallClock(epochSecond).getDayOfWeek().getValue() % 7;
  }

  /** Like the server's, defined for month 13 too (reached with day 1 before the year carries). */
  private static int daysInMonth(int month, int year) {
    return month > 12 ? 31 : YearMonth.of(year, month).lengthOfMonth();
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
