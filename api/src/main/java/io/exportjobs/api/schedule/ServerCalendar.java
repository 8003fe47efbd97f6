package io.exportjobs.api.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.OptionalLong;

/**
 * The Temporal server's calendar walk for one cron expression in one zone, ported step for step
 * (service/worker/scheduler calendar.go {@code compiledCalendar.next} and spec.go {@code
 * getNextTime}), so that {@link CronSpec#nextRuns} lists the times the server lists, also across
 * daylight-saving changes (the rules are in {@link CronSpec}'s comment).
 */
final class ServerCalendar {

  /** The server's last calendar year (calendar.go maxCalendarYear). */
  private static final int MAX_YEAR = 2100;

  private static final long HOUR = 3600;

  private final ZoneRules rules;

  // The values each field matches, as Temporal indexes them (day of week: 0 = Sunday).
  private final boolean[] minutes;
  private final boolean[] hours;
  private final boolean[] daysOfMonth;
  private final boolean[] months;
  private final boolean[] daysOfWeek;

  /**
   * @param fields the values of minute, hour, day of month, month and day of week that match
   */
  ServerCalendar(ZoneId zone, boolean[][] fields) {
    this.rules = zone.getRules();
    this.minutes = fields[0];
    this.hours = fields[1];
    this.daysOfMonth = fields[2];
    this.months = fields[3];
    this.daysOfWeek = fields[4];
  }

  /**
   * The server's calendar walk (calendar.go {@code compiledCalendar.next}), step for step: the
   * first matching local time after {@code afterSecond}, searched field by field from the outside
   * in, converted with {@link #goDate}. Nonexistent local times are skipped; a repeated hour is
   * handled by the {@code dstOffset} bookkeeping below, including its quirks.
   */
  OptionalLong next(long afterSecond) {
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
}
