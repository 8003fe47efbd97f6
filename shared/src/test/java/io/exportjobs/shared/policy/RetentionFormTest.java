package io.exportjobs.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The durations the api takes are RFC 3339's form (the OpenAPI document's {@code format: duration}
 * and pattern): what a JSON Schema validator calls a duration is read, what it does not is refused,
 * even where {@code java.time.Duration.parse} would read it.
 */
class RetentionFormTest {

  @ParameterizedTest
  @ValueSource(strings = {"P30D", "PT1H", "PT1H30M", "PT1H0M30S", "P1DT12H", "PT90S", "PT47572H"})
  void theFormOfRfc3339IsRead(String value) {
    assertThat(Retention.parse(value)).contains(Duration.parse(value));
  }

  @org.junit.jupiter.api.Test
  void durationsAreWrittenInTheFormTheyAreRead() {
    for (Duration d :
        java.util.List.of(
            Duration.ofSeconds(3601),
            Duration.ofDays(30),
            Duration.ofMinutes(90),
            Duration.ofHours(36))) {
      String written = Retention.format(d);
      assertThat(written).matches(Retention.PATTERN);
      assertThat(Retention.parse(written)).contains(d);
    }
    assertThat(Retention.format(Duration.ofSeconds(3601))).isEqualTo("PT1H0M1S");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"PT1H30S", "P23DT47572H168914S", "PT1.5S", "P2W", "-PT1H", "P1DT-1H", "pt1h", ""})
  void otherFormsJavaTimeReadsAreRefused(String value) {
    assertThat(Retention.parse(value)).isEmpty();
  }

  /** What was stored before the form was enforced (a job's retention) still reads. */
  @org.junit.jupiter.api.Test
  void storedDurationsOfTheOldFormStillRead() {
    assertThat(Retention.parse("PT1H1S")).isEmpty();
    assertThat(Retention.read("PT1H1S")).contains(Duration.ofSeconds(3601));
    assertThat(Retention.read("PT0S")).isEmpty();
  }
}
