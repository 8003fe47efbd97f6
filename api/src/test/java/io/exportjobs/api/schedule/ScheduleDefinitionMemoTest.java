package io.exportjobs.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.api.export.CreateExportBody;
import io.exportjobs.shared.workflow.ScheduleMemoCodec;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodedValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The landed api put its {@link ScheduleDefinition} itself into the memo; these schedules keep
 * running and must still be read, and what the api writes now must read the same.
 */
class ScheduleDefinitionMemoTest {

  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  static final ScheduleDefinition WINDOW =
      new ScheduleDefinition(
          "nightly",
          "demo",
          "0 2 * * *",
          "Europe/Berlin",
          "P1D",
          new ScheduleBodies.JobTemplate(
              "ledger",
              "ndjson",
              new CreateExportBody.Filters(List.of("alice"), null, List.of(), List.of("denied")),
              "P30D",
              "default",
              Map.of("team", "sec")),
          "skip",
          "P365D",
          "PT0S",
          "dev-demo-writer",
          null,
          null);

  static final ScheduleDefinition INCREMENTAL =
      new ScheduleDefinition(
          "tail",
          "acme",
          "*/5 * * * *",
          "UTC",
          null,
          new ScheduleBodies.JobTemplate("ledger", null, null, null, null, null),
          "buffer_one",
          "PT1H",
          "PT0S",
          "ops",
          "incremental",
          42L);

  @Test
  void aMemoTheLandedApiWroteReadsAsTheSameDefinition() {
    for (ScheduleDefinition landed : List.of(WINDOW, INCREMENTAL)) {
      // the landed api handed the definition record itself to the data converter
      Payload written = CONVERTER.toPayload(landed).orElseThrow();

      assertThat(ScheduleMemoCodec.read(memoOf(written)).map(ScheduleDefinition::of))
          .contains(landed);
    }
  }

  @Test
  void theMemoWrittenNowIsByteForByteWhatTheLandedApiWrote() {
    for (ScheduleDefinition d : List.of(WINDOW, INCREMENTAL)) {
      Object memo = ScheduleMemoCodec.write("summary", d.toMemo()).get(TemporalNames.MEMO_SCHEDULE);

      assertThat(CONVERTER.toPayload(memo).orElseThrow().getData())
          .isEqualTo(CONVERTER.toPayload(d).orElseThrow().getData());
      assertThat(ScheduleDefinition.of(d.toMemo())).isEqualTo(d);
    }
  }

  private static Map<String, Object> memoOf(Payload payload) {
    return Map.of(
        TemporalNames.MEMO_SCHEDULE,
        new EncodedValues(
            Optional.of(Payloads.newBuilder().addPayloads(payload).build()), CONVERTER));
  }
}
