package io.exportjobs.worker.extraction;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * PostgreSQL binary {@code timestamptz} values (microseconds since 2000-01-01T00:00:00Z) as {@link
 * io.exportjobs.pack.json.Timestamps#format} writes the same instants: RFC 3339 in UTC, the
 * fraction in groups of three digits, none when it is zero, {@link Instant#toString} outside the
 * years 0000 to 9999. One instance per column of a stream: it remembers the last value and the last
 * day, which neighbouring ledger rows mostly share (a batch has one {@code recordedAt}).
 */
final class TimestampText {

  /** The most bytes {@link #write} writes. */
  static final int MAX = 32;

  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private long lastMicros = Long.MIN_VALUE;
  private final byte[] last = new byte[MAX];
  private int lastLength;

  private long day = Long.MIN_VALUE;
  private final byte[] date = new byte[10];
  private boolean dateInRange;

  int write(long postgresMicros, byte[] dst, int p) {
    if (postgresMicros != lastMicros) {
      lastLength = format(postgresMicros);
      lastMicros = postgresMicros;
    }
    System.arraycopy(last, 0, dst, p, lastLength);
    return p + lastLength;
  }

  private int format(long postgresMicros) {
    long micros;
    try {
      micros = Math.addExact(postgresMicros, POSTGRES_EPOCH_MICROS);
    } catch (ArithmeticException infinite) {
      throw new IllegalStateException("the ledger holds an infinite timestamp", infinite);
    }
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long microOfDay = micros - days * MICROS_PER_DAY;
    if (days != day) {
      dateInRange = civilDate(days);
      day = days;
    }
    int secondOfDay = (int) (microOfDay / 1_000_000);
    int microOfSecond = (int) (microOfDay % 1_000_000);
    if (!dateInRange) {
      byte[] text =
          Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), microOfSecond * 1_000L)
              .toString()
              .getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, last, 0, text.length);
      return text.length;
    }
    byte[] b = last;
    System.arraycopy(date, 0, b, 0, 10);
    int p = 10;
    b[p++] = 'T';
    p = Utf8Text.digits(b, p, secondOfDay / 3600, 2);
    b[p++] = ':';
    p = Utf8Text.digits(b, p, secondOfDay / 60 % 60, 2);
    b[p++] = ':';
    p = Utf8Text.digits(b, p, secondOfDay % 60, 2);
    if (microOfSecond != 0) {
      b[p++] = '.';
      p =
          microOfSecond % 1000 == 0
              ? Utf8Text.digits(b, p, microOfSecond / 1000, 3)
              : Utf8Text.digits(b, p, microOfSecond, 6);
    }
    b[p++] = 'Z';
    return p;
  }

  /**
   * Days since 1970-01-01 to {@code yyyy-MM-dd} in {@link #date} (H. Hinnant's algorithm, proleptic
   * Gregorian like java.time); false for a year outside 0000..9999.
   */
  private boolean civilDate(long days) {
    long z = days + 719_468;
    long era = (z >= 0 ? z : z - 146_096) / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return false;
    }
    int p = Utf8Text.digits(date, 0, (int) year, 4);
    date[p++] = '-';
    p = Utf8Text.digits(date, p, month, 2);
    date[p++] = '-';
    Utf8Text.digits(date, p, dayOfMonth, 2);
    return true;
  }
}
