package io.exportjobs.shared.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduledWindowTest {

  private static final Instant SCHEDULED_AT = Instant.parse("2026-11-03T02:00:00Z");

  private static ExportRequest.Builder request(TimeRange range) {
    return ExportRequest.builder()
        .jobId("exp-demo-sched-nightly")
        .tenant("demo")
        .type(ExportType.LEDGER)
        .format(ExportFormat.NDJSON)
        .range(range)
        .createdAt(Instant.parse("2026-11-01T00:00:00Z"));
  }

  @Test
  void aTemplateCarriesItsWindowInTheRangeEveryShippedVersionWrote() {
    assertThat(new ScheduledWindow(Duration.ofDays(1)).templateRange())
        .isEqualTo(new TimeRange(Instant.EPOCH, Instant.parse("1970-01-02T00:00:00Z")));
  }

  @Test
  void aRunOfAScheduleMadeByTheLandedVersionExportsTheWindowBeforeItsTime() {
    // the template of a schedule the landed api created with window PT6H
    ExportRequest landed =
        request(new TimeRange(Instant.EPOCH, Instant.parse("1970-01-01T06:00:00Z")))
            .scheduleId("nightly")
            .build();

    ScheduledWindow window = ScheduledWindow.of(landed).orElseThrow();

    assertThat(window.length()).isEqualTo(Duration.ofHours(6));
    assertThat(window.endingAt(SCHEDULED_AT))
        .isEqualTo(new TimeRange(Instant.parse("2026-11-02T20:00:00Z"), SCHEDULED_AT));
  }

  @Test
  void aTemplateOfThisVersionIsReadByItsWindowField() {
    // the field wins over the range older workers read
    ExportRequest template =
        request(new ScheduledWindow(Duration.ofHours(6)).templateRange())
            .scheduleId("nightly")
            .scheduledWindow(Duration.ofMinutes(15))
            .build();

    assertThat(ScheduledWindow.of(template)).contains(new ScheduledWindow(Duration.ofMinutes(15)));
    // and it travels: the workflow input's JSON as Temporal's converter writes and reads it
    var converter = io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE;
    ExportRequest decoded =
        converter.fromPayload(
            converter.toPayload(template).orElseThrow(), ExportRequest.class, ExportRequest.class);
    assertThat(decoded).isEqualTo(template);
    assertThat(ScheduledWindow.of(decoded)).contains(new ScheduledWindow(Duration.ofMinutes(15)));
    // a property it does not know (a field of a later version) is ignored, not refused
    String json = converter.toPayload(template).orElseThrow().getData().toStringUtf8();
    var withUnknown =
        io.temporal.api.common.v1.Payload.newBuilder(converter.toPayload(template).orElseThrow())
            .setData(
                com.google.protobuf.ByteString.copyFromUtf8(
                    json.replaceFirst("\\{", "{\"aFieldOfALaterVersion\":1,")))
            .build();
    assertThat(converter.fromPayload(withUnknown, ExportRequest.class, ExportRequest.class))
        .isEqualTo(template);
  }

  @Test
  void aWindowReadsBackFromTheTemplateItWasWrittenInto() {
    ScheduledWindow window = new ScheduledWindow(Duration.ofMinutes(90));

    assertThat(ScheduledWindow.of(request(window.templateRange()).scheduleId("s").build()))
        .contains(window);
  }

  @Test
  void restRequestsAndIncrementalTemplatesHaveNoWindow() {
    TimeRange october =
        new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(ScheduledWindow.of(request(october).build())).isEmpty();
    assertThat(ScheduledWindow.of(request(TimeRange.ofSeq(42L, null)).scheduleId("tail").build()))
        .isEmpty();
  }

  @Test
  void aWindowIsPositive() {
    assertThatThrownBy(() -> new ScheduledWindow(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new ScheduledWindow(Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
