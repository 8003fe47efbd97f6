package io.exportjobs.shared.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Retention values are ISO 8601 durations in days and smaller units ({@code P30D}, {@code PT1H}).
 */
public final class Retention {

  private static final String TIME_PART =
      "T(\\d{1,6}H(\\d{1,6}M(\\d{1,6}S)?)?|\\d{1,6}M(\\d{1,6}S)?|\\d{1,6}S)";

  /**
   * The durations the api takes: RFC 3339's (Appendix A) in whole days and smaller units, so hours
   * are followed by minutes before seconds ({@code PT1H0M30S}, not {@code PT1H30S}), no fractions,
   * no weeks, months or years, at most 6 digits a unit. Written without lookahead, so that every
   * tool reads it (it is the OpenAPI document's pattern too).
   */
  public static final String PATTERN = "^P(\\d{1,6}D(" + TIME_PART + ")?|" + TIME_PART + ")$";

  private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile(PATTERN);

  private Retention() {}

  /** ISO 8601 as people write it: whole days as {@code P30D} rather than {@code PT720H}. */
  public static String format(Duration d) {
    if (!d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
      return "P" + d.toDays() + "D";
    }
    // java.time writes PT1H1S; RFC 3339 (and so the document) puts minutes between: PT1H0M1S
    return d.toString().replaceFirst("H(\\d+S)$", "H0M$1");
  }

  /** A duration a request gives: {@link #PATTERN}'s form, above zero. */
  public static Optional<Duration> parse(String value) {
    if (value == null || value.length() > 40 || !FORM.matcher(value).matches()) {
      return Optional.empty();
    }
    return read(value);
  }

  /**
   * A duration the service stored earlier (a job's retention, as it was accepted then): any
   * positive ISO 8601 duration {@code java.time} reads, so that what was written before the form
   * above was enforced (such as {@code PT1H1S}) still reads, in workflows replayed too.
   */
  public static Optional<Duration> read(String value) {
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
