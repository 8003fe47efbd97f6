package io.exportjobs.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expected instants are worked out by hand from the zone rules and the server's rules (see
 * {@link CronSpec}); CronPreviewE2ETest checks the same rules against a real server.
 */
class CronSpecTest {

  private static List<Instant> instants(String... values) {
    return Arrays.stream(values).map(Instant::parse).toList();
  }

  private static List<Instant> runs(String cron, String zone, String after, int count) {
    return CronSpec.parse(cron, zone).nextRuns(Instant.parse(after), count);
  }

  @Nested
  class Parsing {

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "0 * * * *        | 0 * * * *",
          "*/15 * * * *     | */15 * * * *",
          "30 2 * * *       | 30 2 * * *",
          "0 9 * * 1-5      | 0 9 * * 1-5",
          "0 0 1 * *        | 0 0 1 * *",
          "1-5/2,8 0 * * *  | 1-5/2,8 0 * * *",
          "0 0 * jan,JUL *  | 0 0 * jan,JUL *",
          "0 0 * * MON-FRI  | 0 0 * * 1-5",
          "0 0 * * sun-tue  | 0 0 * * 0-2",
          "0 0 * * 7        | 0 0 * * 7",
          "0 0 13 * 5       | 0 0 13 * 5",
          "'  0   2  * * * '| 0 2 * * *",
        })
    void acceptsFiveFieldUnixCron(String cron, String temporal) {
      CronSpec spec = CronSpec.parse(cron, null);
      assertThat(spec.temporalCron()).isEqualTo(temporal);
      assertThat(spec.zone()).isEqualTo(ZoneId.of("UTC"));
      assertThat(spec.timezone()).isEqualTo("UTC");
    }

    @Test
    void keepsTheCronAsGivenAndCollapsesWhitespace() {
      assertThat(CronSpec.parse("  0\t2 * *  MON ", "UTC").cron()).isEqualTo("0 2 * * MON");
      assertThat(CronSpec.parse("  0\t2 * *  MON ", "UTC").temporalCron()).isEqualTo("0 2 * * 1");
    }

    @ParameterizedTest
    @CsvSource({
      "@hourly, 0 * * * *",
      "@daily, 0 0 * * *",
      "@weekly, 0 0 * * 0",
      "@monthly, 0 0 1 * *",
      "@DAILY, 0 0 * * *",
    })
    void expandsTheShorthands(String cron, String temporal) {
      CronSpec spec = CronSpec.parse(cron, "Europe/Berlin");
      assertThat(spec.cron()).isEqualTo(cron.toLowerCase());
      assertThat(spec.temporalCron()).isEqualTo(temporal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 0 * * *", "0 0 * * * 2027", "0 0 12 * * ? *", "0 0 12 1 1 * 2027"})
    void refusesSixAndSevenFields(String cron) {
      assertThatThrownBy(() -> CronSpec.parse(cron, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("only 5-field UNIX cron is accepted")
          .hasMessageContaining("minute hour day-of-month month day-of-week");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@yearly", "@annually", "@midnight", "@reboot", "@every 5m"})
    void refusesOtherShorthands(String cron) {
      assertThatThrownBy(() -> CronSpec.parse(cron, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsupported cron shorthand")
          .hasMessageContaining("@hourly, @daily, @weekly, @monthly");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "garbage               | has 1 field",
          "0 0 *                 | has 3 fields",
          "a b c d e             | minute field 'a'",
          "60 * * * *            | minute field '60'",
          "-5 * * * *            | minute field '-5'",
          "+5 * * * *            | minute field '+5'",
          "50-10 * * * *         | minute field '50-10'",
          "*/0 * * * *           | minute field '*/0'",
          "0 24 * * *            | hour field '24'",
          "0 0 0 * *             | day-of-month field '0'",
          "0 0 32 * *            | day-of-month field '32'",
          "0 0 ? * *             | day-of-month field '?'",
          "0 0 L * *             | day-of-month field 'L'",
          "0 0 15W * *           | day-of-month field '15W'",
          "0 0 * 13 *            | month field '13'",
          "0 0 * * 8             | day-of-week field '8'",
          "0 0 * * 1#2           | day-of-week field '1#2'",
          "0 0 * * 5L            | day-of-week field '5L'",
          "0 0 * * monday        | day-of-week field 'monday'",
          "0 0 * * mon-sun       | day-of-week field 'mon-sun'",
          "0 0 * * 5-0           | day-of-week field '5-0'",
          "H * * * *             | minute field 'H'",
          "0 0 30 2 *            | never runs",
          "0 0 31 4,6,9,11 *     | never runs",
          "TZ=UTC 0 0 * * *      | has 6 fields",
        })
    void refusesMalformedAndOutOfRangeFieldsNamingThem(String cron, String message) {
      assertThatThrownBy(() -> CronSpec.parse(cron, "UTC"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(message);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t"})
    void refusesABlankCron(String cron) {
      assertThatThrownBy(() -> CronSpec.parse(cron, "UTC"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cron expression is required");
    }

    @Test
    void refusesAnOverlongCron() {
      String cron = "0 0 * * " + "1,".repeat(50) + "1";
      assertThat(cron).hasSizeGreaterThan(CronSpec.MAX_CRON_LENGTH);
      assertThatThrownBy(() -> CronSpec.parse(cron, "UTC"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("longer than 100 characters");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "UTC",
          "Europe/Berlin",
          "America/New_York",
          "Asia/Kolkata",
          "Australia/Lord_Howe"
        })
    void acceptsIanaZones(String zone) {
      assertThat(CronSpec.parse("0 0 * * *", zone).zone()).isEqualTo(ZoneId.of(zone));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Mars/Phobos",
          "europe/berlin",
          "+02:00",
          "Z",
          "GMT+2",
          "UTC+01:00",
          "CET+1",
          "Berlin"
        })
    void refusesUnknownZonesAndOffsets(String zone) {
      assertThatThrownBy(() -> CronSpec.parse("0 0 * * *", zone))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown timezone '" + zone + "'");
    }

    @Test
    void refusesBlankAndOverlongZones() {
      assertThatThrownBy(() -> CronSpec.parse("0 0 * * *", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timezone must not be blank");
      assertThatThrownBy(() -> CronSpec.parse("0 0 * * *", "Europe/" + "x".repeat(60)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("longer than 64 characters");
    }

    @Test
    void isAValue() {
      assertThat(CronSpec.parse("0 2 * * *", "UTC")).isEqualTo(CronSpec.parse(" 0 2 * * * ", null));
      assertThat(CronSpec.parse("0 2 * * *", "UTC").hashCode())
          .isEqualTo(CronSpec.parse("0 2 * * *", null).hashCode());
      assertThat(CronSpec.parse("0 2 * * *", "UTC"))
          .isNotEqualTo(CronSpec.parse("0 2 * * *", "Europe/Berlin"));
      assertThat(CronSpec.parse("0 2 * * *", "Europe/Berlin"))
          .hasToString("CronSpec[0 2 * * * Europe/Berlin]");
    }
  }

  @Nested
  class NextRuns {

    @Test
    void areStrictlyAfterTheGivenInstant() {
      assertThat(runs("0 12 * * *", "UTC", "2027-01-01T12:00:00Z", 2))
          .isEqualTo(instants("2027-01-02T12:00:00Z", "2027-01-03T12:00:00Z"));
      assertThat(runs("0 12 * * *", "UTC", "2027-01-01T11:59:59.999Z", 1))
          .isEqualTo(instants("2027-01-01T12:00:00Z"));
      assertThat(runs("0 12 * * *", "UTC", "2027-01-01T12:00:00.001Z", 1))
          .isEqualTo(instants("2027-01-02T12:00:00Z"));
    }

    @Test
    void everyFifteenMinutesAndHourly() {
      assertThat(runs("*/15 * * * *", "UTC", "2027-01-01T10:07:00Z", 4))
          .isEqualTo(
              instants(
                  "2027-01-01T10:15:00Z",
                  "2027-01-01T10:30:00Z",
                  "2027-01-01T10:45:00Z",
                  "2027-01-01T11:00:00Z"));
      assertThat(runs("@hourly", "Asia/Kolkata", "2027-01-01T10:07:00Z", 2))
          .as("a +05:30 zone: the top of its hours is at :30 UTC")
          .isEqualTo(instants("2027-01-01T10:30:00Z", "2027-01-01T11:30:00Z"));
    }

    @Test
    void weekdaysAtNineInKolkata() {
      // 2027-01-01 is a Friday; 09:00 IST = 03:30Z.
      assertThat(runs("0 9 * * 1-5", "Asia/Kolkata", "2027-01-01T00:00:00Z", 3))
          .isEqualTo(
              instants("2027-01-01T03:30:00Z", "2027-01-04T03:30:00Z", "2027-01-05T03:30:00Z"));
    }

    @Test
    void weeklyRunsOnSundayAtMidnight() {
      assertThat(runs("@weekly", "UTC", "2027-01-01T00:00:00Z", 2))
          .isEqualTo(instants("2027-01-03T00:00:00Z", "2027-01-10T00:00:00Z"));
    }

    @Test
    void monthlyInBerlinFollowsTheOffset() {
      // Midnight on the 1st: CET (+1) in February and March, CEST (+2) in April.
      assertThat(runs("0 0 1 * *", "Europe/Berlin", "2027-01-15T00:00:00Z", 3))
          .isEqualTo(
              instants("2027-01-31T23:00:00Z", "2027-02-28T23:00:00Z", "2027-03-31T22:00:00Z"));
    }

    @Test
    void monthRestrictionsCarryIntoTheNextYear() {
      assertThat(runs("0 6 1 2-6 *", "UTC", "2027-07-01T00:00:00Z", 2))
          .isEqualTo(instants("2028-02-01T06:00:00Z", "2028-03-01T06:00:00Z"));
      assertThat(runs("0 0 29 feb *", "UTC", "2027-01-01T00:00:00Z", 2))
          .isEqualTo(instants("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"));
    }

    @Test
    void dayOfMonthAndDayOfWeekMustBothMatch() {
      // Unlike classic cron (either), Temporal runs on days matching both: first Mondays...
      assertThat(runs("0 0 1-7 * 1", "UTC", "2027-01-01T00:00:00Z", 3))
          .isEqualTo(
              instants("2027-01-04T00:00:00Z", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z"));
      // ...and Friday the 13th.
      assertThat(runs("0 0 13 * 5", "UTC", "2027-01-01T00:00:00Z", 2))
          .isEqualTo(instants("2027-08-13T00:00:00Z", "2028-10-13T00:00:00Z"));
    }

    @Test
    void berlinSpringForwardSkipsTheMissingHour() {
      // 2027-03-28: 02:00 CET (01:00Z) becomes 03:00 CEST. 02:30 does not exist that day and is
      // skipped, not moved to 03:30.
      assertThat(runs("30 2 * * *", "Europe/Berlin", "2027-03-26T00:00:00Z", 3))
          .isEqualTo(
              instants("2027-03-26T01:30:00Z", "2027-03-27T01:30:00Z", "2027-03-29T00:30:00Z"));
      assertThat(runs("0 2 * * *", "Europe/Berlin", "2027-03-27T00:00:00Z", 2))
          .isEqualTo(instants("2027-03-27T01:00:00Z", "2027-03-29T00:00:00Z"));
      // Hourly: 01:00 CET, then 03:00 CEST, one hour apart in UTC.
      assertThat(runs("0 * * * *", "Europe/Berlin", "2027-03-27T23:30:00Z", 3))
          .isEqualTo(
              instants("2027-03-28T00:00:00Z", "2027-03-28T01:00:00Z", "2027-03-28T02:00:00Z"));
      // 03:00 itself exists (CEST).
      assertThat(runs("0 3 * * *", "Europe/Berlin", "2027-03-27T12:00:00Z", 1))
          .isEqualTo(instants("2027-03-28T01:00:00Z"));
    }

    @Test
    void berlinFallBackRunsARepeatedDailyTimeOnceInStandardTime() {
      // 2027-10-31: 03:00 CEST (01:00Z) becomes 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
      // The server runs it once, at the CET one.
      assertThat(runs("30 2 * * *", "Europe/Berlin", "2027-10-30T00:00:00Z", 3))
          .isEqualTo(
              instants("2027-10-30T00:30:00Z", "2027-10-31T01:30:00Z", "2027-11-01T01:30:00Z"));
      assertThat(runs("0 2 * * *", "Europe/Berlin", "2027-10-30T12:00:00Z", 2))
          .isEqualTo(instants("2027-10-31T01:00:00Z", "2027-11-01T01:00:00Z"));
    }

    @Test
    void berlinFallBackHourlyAndQuarterHourlyFollowTheServersWalk() {
      // The server's walk lists 02:00 CEST (00:00Z) but not 02:00 CET (01:00Z)...
      assertThat(runs("0 * * * *", "Europe/Berlin", "2027-10-30T22:30:00Z", 4))
          .isEqualTo(
              instants(
                  "2027-10-30T23:00:00Z",
                  "2027-10-31T00:00:00Z",
                  "2027-10-31T02:00:00Z",
                  "2027-10-31T03:00:00Z"));
      // ...and jumps through the repeated hour every 75 minutes.
      assertThat(runs("*/15 * * * *", "Europe/Berlin", "2027-10-30T23:50:00Z", 5))
          .isEqualTo(
              instants(
                  "2027-10-31T00:00:00Z",
                  "2027-10-31T01:15:00Z",
                  "2027-10-31T02:30:00Z",
                  "2027-10-31T02:45:00Z",
                  "2027-10-31T03:00:00Z"));
      // The hour before the repeated one runs twice: 01:00 CEST and, one hour later, again.
      assertThat(runs("0 1 * * *", "Europe/Berlin", "2027-10-30T12:00:00Z", 3))
          .isEqualTo(
              instants("2027-10-30T23:00:00Z", "2027-10-31T00:00:00Z", "2027-11-01T00:00:00Z"));
    }

    @Test
    void newYorkFallBackRunsTheRepeatedTimeTwice() {
      // 2027-11-07: 02:00 EDT (06:00Z) becomes 01:00 EST; 01:30 happens at 05:30Z and 06:30Z.
      // West of UTC the walk starts at the EDT one and runs both.
      assertThat(runs("30 1 * * *", "America/New_York", "2027-11-06T00:00:00Z", 4))
          .isEqualTo(
              instants(
                  "2027-11-06T05:30:00Z",
                  "2027-11-07T05:30:00Z",
                  "2027-11-07T06:30:00Z",
                  "2027-11-08T06:30:00Z"));
    }

    @Test
    void newYorkSpringForwardSkipsTheMissingHour() {
      // 2027-03-14: 02:00 EST (07:00Z) becomes 03:00 EDT.
      assertThat(runs("30 2 * * *", "America/New_York", "2027-03-13T00:00:00Z", 2))
          .isEqualTo(instants("2027-03-13T07:30:00Z", "2027-03-15T06:30:00Z"));
    }

    @Test
    void lordHoweHalfHourShift() {
      // 2027-04-04: 02:00 +11 (15:00Z on the 3rd) becomes 01:30 +10:30; 01:30 repeats and runs
      // once, at the +10:30 one.
      assertThat(runs("30 1 * * *", "Australia/Lord_Howe", "2027-04-02T00:00:00Z", 3))
          .isEqualTo(
              instants("2027-04-02T14:30:00Z", "2027-04-03T15:00:00Z", "2027-04-04T15:00:00Z"));
      assertThat(runs("*/15 * * * *", "Australia/Lord_Howe", "2027-04-03T13:59:59Z", 4))
          .isEqualTo(
              instants(
                  "2027-04-03T14:00:00Z",
                  "2027-04-03T14:15:00Z",
                  "2027-04-03T15:00:00Z",
                  "2027-04-03T16:15:00Z"));
    }

    @Test
    void lordHoweSpringForwardMovesAMissingTimeWithinItsHour() {
      // 2027-10-03: 02:00 +10:30 (15:30Z on the 2nd) becomes 02:30 +11. 02:15 does not exist;
      // moved forward by the 30-minute gap it is 02:45, still hour 2, so it runs then.
      assertThat(runs("15 2 * * *", "Australia/Lord_Howe", "2027-10-01T00:00:00Z", 3))
          .isEqualTo(
              instants("2027-10-01T15:45:00Z", "2027-10-02T15:45:00Z", "2027-10-03T15:15:00Z"));
    }

    @Test
    void agreeWithCronUtilsWhereNoDaylightSavingIsInvolved() {
      CronParser parser =
          new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
      for (String zone : List.of("UTC", "Asia/Kolkata")) {
        for (String cron :
            List.of(
                "0 * * * *",
                "*/15 * * * *",
                "0 9 * * 1-5",
                "0 0 1 * *",
                "0 0 * * 0",
                "5/20 1-3 */2 jan-mar,oct *",
                "0 12 * * 1/2")) {
          ExecutionTime time = ExecutionTime.forCron(parser.parse(cron));
          ZonedDateTime cursor = ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, ZoneId.of(zone));
          Instant after = cursor.toInstant();
          List<Instant> expected = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            cursor = time.nextExecution(cursor).orElseThrow();
            expected.add(cursor.toInstant());
          }
          assertThat(CronSpec.parse(cron, zone).nextRuns(after, 50))
              .as("%s in %s", cron, zone)
              .isEqualTo(expected);
        }
      }
    }

    @Test
    void areStrictlyIncreasingAroundEveryTransition() {
      List<String> crons =
          List.of(
              "30 2 * * *", "0 1 * * *", "59 1 * * *", "0 * * * *", "*/15 * * * *", "* * * * *");
      for (String zone : List.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")) {
        var rules = ZoneId.of(zone).getRules();
        Instant transition = Instant.parse("2027-01-01T00:00:00Z");
        for (int t = 0; t < 2; t++) {
          transition = rules.nextTransition(transition).getInstant();
          for (String cron : crons) {
            CronSpec spec = CronSpec.parse(cron, zone);
            for (Instant after = transition.minusSeconds(3 * 3600);
                after.isBefore(transition.plusSeconds(3 * 3600));
                after = after.plusSeconds(11 * 60 + 7)) {
              Instant previous = after;
              for (Instant run : spec.nextRuns(after, 12)) {
                assertThat(run).as("%s in %s after %s", cron, zone, after).isAfter(previous);
                previous = run;
              }
            }
          }
        }
      }
    }

    @Test
    void stopAfterTheYear2100() {
      assertThat(runs("0 0 1 1 *", "UTC", "2099-06-01T00:00:00Z", 5))
          .isEqualTo(instants("2100-01-01T00:00:00Z"));
      assertThat(runs("0 0 1 1 *", "UTC", "2100-06-01T00:00:00Z", 5)).isEmpty();
    }

    @Test
    void countIsBounded() {
      CronSpec spec = CronSpec.parse("* * * * *", "UTC");
      Instant after = Instant.parse("2027-01-01T00:00:00Z");
      assertThat(spec.nextRuns(after, 1)).isEqualTo(instants("2027-01-01T00:01:00Z"));
      assertThat(spec.nextRuns(after, CronSpec.MAX_COUNT)).hasSize(CronSpec.MAX_COUNT);
      for (int count : new int[] {0, -1, CronSpec.MAX_COUNT + 1}) {
        assertThatThrownBy(() -> spec.nextRuns(after, count))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("count must be between 1 and 100");
      }
      assertThatThrownBy(() -> spec.nextRuns(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void resultIsImmutable() {
      List<Instant> runs = runs("0 * * * *", "UTC", "2027-01-01T00:00:00Z", 2);
      assertThatThrownBy(() -> runs.add(Instant.EPOCH))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
