package io.exportjobs.api.openapi;

/** Constants of the OpenAPI document that controllers' annotations use too. */
public final class ApiDocs {

  /**
   * An ISO 8601 duration in the form of RFC 3339 (Appendix A), as the api reads it: whole days and
   * smaller units ({@code P30D}, {@code PT1H30M}, {@code P1DT12H}); no years, months or weeks, no
   * fractions, hours followed by minutes before seconds. Written without lookahead, so that every
   * tool reads it.
   */
  public static final String DURATION_PATTERN = io.exportjobs.shared.policy.Retention.PATTERN;

  /** A duration of {@link #DURATION_PATTERN} that is zero: every number in it is 0. */
  public static final String ZERO_DURATION_PATTERN = "^P(0+D)?(T(0+H)?(0+M)?(0+S)?)?$";

  /**
   * An RFC 3339 time as the api reads it: upper-case {@code T} and {@code Z}, seconds 00-59, an
   * offset within +-18:00 (what {@code java.time} can hold).
   */
  public static final String DATE_TIME_PATTERN =
      "^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?"
          + "(Z|[+-](0\\d|1[0-7]):[0-5]\\d|[+-]18:00)$";

  /** Job ids: {@code exp-<tenant>-<ULID or digest>}, scheduled runs with their time appended. */
  public static final String JOB_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";

  /** Schedule ids. */
  public static final String SCHEDULE_ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,39}$";

  /** Webhook subscription ids: {@code wh_} and a ULID. */
  public static final String WEBHOOK_ID_PATTERN = "^wh_[0-9A-Z]{26}$";

  /**
   * Text the ledger takes (actor, action, resource): no control character, and something that is
   * not white space (as {@code String.isBlank} sees it).
   */
  public static final String TEXT_PATTERN =
      "^[^\\u0000-\\u001f]*[^\\u0000-\\u0020\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]"
          + "[^\\u0000-\\u001f]*$";

  private ApiDocs() {}
}
