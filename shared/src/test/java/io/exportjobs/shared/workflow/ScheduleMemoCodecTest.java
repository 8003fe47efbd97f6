package io.exportjobs.shared.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodedValues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleMemoCodecTest {

  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  /** A window schedule's memo exactly as the landed api wrote it (its ScheduleDefinition). */
  private static final String LANDED_WINDOW_MEMO =
      "{\"id\":\"nightly\",\"tenant\":\"demo\",\"cron\":\"0 2 * * *\","
          + "\"timezone\":\"Europe/Berlin\",\"window\":\"P1D\","
          + "\"job\":{\"type\":\"ledger\",\"format\":\"ndjson\","
          + "\"filters\":{\"actors\":[\"alice\"],\"actions\":null,\"resources\":null,"
          + "\"outcomes\":[\"denied\"]},"
          + "\"retention\":\"P30D\",\"target\":\"default\",\"labels\":{\"team\":\"sec\"}},"
          + "\"overlap\":\"skip\",\"catchupWindow\":\"P365D\",\"jitter\":\"PT0S\","
          + "\"createdBy\":\"dev-demo-writer\",\"mode\":null,\"startSeq\":null}";

  private static final String LANDED_INCREMENTAL_MEMO =
      "{\"id\":\"tail\",\"tenant\":\"acme\",\"cron\":\"*/5 * * * *\",\"timezone\":\"UTC\","
          + "\"window\":null,\"job\":{\"type\":\"ledger\",\"format\":\"ndjson\",\"filters\":null,"
          + "\"retention\":null,\"target\":null,\"labels\":null},\"overlap\":\"buffer_one\","
          + "\"catchupWindow\":\"PT1H\",\"jitter\":\"PT0S\",\"createdBy\":\"ops\","
          + "\"mode\":\"incremental\",\"startSeq\":42}";

  private static final ScheduleMemo WINDOW =
      new ScheduleMemo(
          "nightly",
          "demo",
          "0 2 * * *",
          "Europe/Berlin",
          "P1D",
          new ScheduleMemo.Job(
              "ledger",
              "ndjson",
              new ScheduleMemo.Filters(List.of("alice"), null, null, List.of("denied")),
              "P30D",
              "default",
              Map.of("team", "sec")),
          "skip",
          "P365D",
          "PT0S",
          "dev-demo-writer",
          null,
          null);

  @Test
  void readsAWindowScheduleMemoInTheShapeTheLandedVersionWrote() {
    Optional<ScheduleMemo> read = ScheduleMemoCodec.read(memoOf(json(LANDED_WINDOW_MEMO)));

    assertThat(read).contains(WINDOW);
    assertThat(read.get().incremental()).isFalse();
  }

  @Test
  void readsAnIncrementalScheduleMemoInTheShapeTheLandedVersionWrote() {
    ScheduleMemo read = ScheduleMemoCodec.read(memoOf(json(LANDED_INCREMENTAL_MEMO))).orElseThrow();

    assertThat(read.incremental()).isTrue();
    assertThat(read.startSeq()).isEqualTo(42L);
    assertThat(read.window()).isNull();
    assertThat(read.tenant()).isEqualTo("acme");
    assertThat(read.overlap()).isEqualTo("buffer_one");
    assertThat(read.job())
        .isEqualTo(new ScheduleMemo.Job("ledger", "ndjson", null, null, null, null));
  }

  @Test
  void writesTheKeysTheLandedVersionWroteSoThatItsReadersStillRead() {
    Map<String, Object> memo = ScheduleMemoCodec.write("a summary", WINDOW);

    assertThat(memo).containsEntry(TemporalNames.MEMO_SUMMARY, "a summary");
    Payload payload = CONVERTER.toPayload(memo.get(TemporalNames.MEMO_SCHEDULE)).orElseThrow();
    assertThat(payload.getData().toString(StandardCharsets.UTF_8)).isEqualTo(LANDED_WINDOW_MEMO);
  }

  @Test
  void whatItWritesReadsBackUnchanged() {
    Map<String, Object> written = ScheduleMemoCodec.write("a summary", WINDOW);
    Payload payload = CONVERTER.toPayload(written.get(TemporalNames.MEMO_SCHEDULE)).orElseThrow();

    assertThat(ScheduleMemoCodec.read(memoOf(payload))).contains(WINDOW);
  }

  @Test
  void aScheduleWithoutOurDefinitionIsNotOurs() {
    assertThat(ScheduleMemoCodec.read(null)).isEmpty();
    assertThat(ScheduleMemoCodec.read(Map.of())).isEmpty();
    assertThat(ScheduleMemoCodec.read(Map.of(TemporalNames.MEMO_SUMMARY, encoded(json("\"x\"")))))
        .isEmpty();
    // another tool's memo under our key, that does not decode as a definition
    assertThat(ScheduleMemoCodec.read(memoOf(json("[1, 2, 3]")))).isEmpty();
  }

  private static Map<String, Object> memoOf(Payload payload) {
    return Map.of(TemporalNames.MEMO_SCHEDULE, encoded(payload));
  }

  private static EncodedValues encoded(Payload payload) {
    return new EncodedValues(
        Optional.of(Payloads.newBuilder().addPayloads(payload).build()), CONVERTER);
  }

  private static Payload json(String json) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json))
        .build();
  }
}
