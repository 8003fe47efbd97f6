package io.exportjobs.shared.export;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;

/**
 * An export's range, one of two kinds (contract: {@code range}):
 *
 * <ul>
 *   <li>a time range {@code from <= t < to} ({@code from} null for "since the start") on {@code
 *       occurredAt} ({@code basis} {@code occurred}, the default, or null) or on {@code recordedAt}
 *       ({@code basis} {@code recorded});
 *   <li>a seq range {@code fromSeq <= seq < toSeq}; {@code toSeq} null until the job resolves it to
 *       the ledger head it pinned (then {@code head + 1}).
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimeRange(Instant from, Instant to, String basis, Long fromSeq, Long toSeq) {

  public static final String OCCURRED = "occurred";
  public static final String RECORDED = "recorded";

  /** A range on occurredAt. */
  public TimeRange(Instant from, Instant to) {
    this(from, to, null, null, null);
  }

  public static TimeRange ofSeq(Long fromSeq, Long toSeq) {
    return new TimeRange(null, null, null, fromSeq, toSeq);
  }

  /** Whether this is a seq range. */
  @JsonIgnore
  public boolean isSeq() {
    return fromSeq != null || toSeq != null;
  }

  /** Whether this is a time range on recordedAt. */
  @JsonIgnore
  public boolean isRecorded() {
    return RECORDED.equals(basis);
  }

  /** The same seq range with {@code toSeq} resolved. */
  public TimeRange withToSeq(long resolved) {
    return new TimeRange(from, to, basis, fromSeq, resolved);
  }

  /** The first seq of a seq range: {@code fromSeq}, or 1 when absent (a snapshot's). */
  @JsonIgnore
  public long firstSeq() {
    return fromSeq == null ? 1 : fromSeq;
  }

  public boolean contains(Instant t) {
    return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
  }

  public Duration span() {
    return from == null || to == null ? null : Duration.between(from, to);
  }
}
