package io.exportjobs.shared.workflow;

import io.temporal.common.converter.EncodedValues;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link ScheduleMemo} into a schedule action's memo and reads it back. The values go
 * through the client's data converter (with its payload codec) like any other payload; a schedule
 * whose memo holds no definition, or one this service cannot read, is not one of ours.
 */
public final class ScheduleMemoCodec {

  private ScheduleMemoCodec() {}

  /** The memo of a schedule's workflow action: the operators' summary line and the definition. */
  public static Map<String, Object> write(String summary, ScheduleMemo memo) {
    return Map.of(TemporalNames.MEMO_SUMMARY, summary, TemporalNames.MEMO_SCHEDULE, memo);
  }

  /**
   * The definition in a memo as a described schedule hands it back (values still encoded), or empty
   * if there is none or it does not decode.
   */
  public static Optional<ScheduleMemo> read(Map<String, Object> memo) {
    if (memo == null || !(memo.get(TemporalNames.MEMO_SCHEDULE) instanceof EncodedValues encoded)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(encoded.get(0, ScheduleMemo.class));
    } catch (RuntimeException notOurs) {
      return Optional.empty();
    }
  }
}
