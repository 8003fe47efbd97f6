package io.exportjobs.api.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link CronSpec#parse} accepts, checked with cron-utils' {@link CronType#UNIX} definition:
 * the time zone, the shorthands and their expansion, exactly five fields, and the values each field
 * matches. Every refusal is an {@link IllegalArgumentException} whose message names what is wrong,
 * for the user.
 */
final class CronValidation {

  /**
   * A cron expression that passed.
   *
   * @param cron as given (whitespace collapsed; a shorthand stays a shorthand, in lower case)
   * @param temporalCron five fields, shorthands expanded, day names as numbers (0 = Sunday)
   * @param fields the values each field matches, as Temporal indexes them (day of week: 0 = Sunday)
   */
  record Valid(String cron, String temporalCron, ZoneId zone, boolean[][] fields) {}

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

  private CronValidation() {}

  /** See {@link CronSpec#parse}. */
  static Valid validate(String cron, String timezone) {
    ZoneId zone = parseZone(timezone);
    if (cron == null || cron.isBlank()) {
      throw new IllegalArgumentException("cron expression is required");
    }
    if (cron.length() > CronSpec.MAX_CRON_LENGTH) {
      throw new IllegalArgumentException(
          "cron expression is longer than " + CronSpec.MAX_CRON_LENGTH + " characters");
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
    return new Valid(normalized, expanded, zone, values);
  }

  private static ZoneId parseZone(String timezone) {
    if (timezone == null) {
      return ZoneId.of(CronSpec.DEFAULT_TIMEZONE);
    }
    if (timezone.isBlank()) {
      throw new IllegalArgumentException("timezone must not be blank (omit it for UTC)");
    }
    if (timezone.length() > CronSpec.MAX_TIMEZONE_LENGTH) {
      throw new IllegalArgumentException(
          "timezone is longer than " + CronSpec.MAX_TIMEZONE_LENGTH + " characters");
    }
    if (!CronSpec.DEFAULT_TIMEZONE.equals(timezone) && !ZONE_IDS.contains(timezone)) {
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
}
