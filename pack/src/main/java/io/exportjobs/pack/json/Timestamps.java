package io.exportjobs.pack.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()} without the formatter machinery, for the hot path of exports: the same
 * characters (RFC 3339, UTC, {@code Z}, fraction in groups of three digits) for the years 0000 to
 * 9999, several times faster.
 */
public final class Timestamps {

  private Timestamps() {}

  public static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return instant.toString();
    }
    int nano = instant.getNano();
    char[] c = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1_000 == 0 ? 27 : 30];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    int end = 19;
    if (nano != 0) {
      c[19] = '.';
      if (nano % 1_000_000 == 0) {
        digits(c, 20, nano / 1_000_000, 3);
        end = 23;
      } else if (nano % 1_000 == 0) {
        digits(c, 20, nano / 1_000, 6);
        end = 26;
      } else {
        digits(c, 20, nano, 9);
        end = 29;
      }
    }
    c[end] = 'Z';
    return new String(c);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
