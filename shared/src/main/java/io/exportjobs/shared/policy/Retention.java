package io.exportjobs.shared.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Retention values are ISO 8601 durations in days and smaller units ({@code P30D}, {@code PT1H}).
 */
public final class Retention {

  private Retention() {}

  /** ISO 8601 as people write it: whole days as {@code P30D} rather than {@code PT720H}. */
  public static String format(Duration d) {
    if (!d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
      return "P" + d.toDays() + "D";
    }
    return d.toString();
  }

  public static Optional<Duration> parse(String value) {
    if (value == null || value.isBlank() || value.length() > 40) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.parse(value);
      return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
