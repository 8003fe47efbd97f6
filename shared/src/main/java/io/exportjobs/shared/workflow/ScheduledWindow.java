package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a window schedule's run exports: the {@code length} before its scheduled time, {@code
 * [scheduledAt - length, scheduledAt)}.
 *
 * <p>On the wire it stays what every shipped version wrote: the schedule's template request carries
 * the range {@code [EPOCH, EPOCH + length)}. Running schedules keep starting runs with the template
 * they were given, and workers of the previous version read the window as that range's span, so the
 * shape cannot change without a versioned transition; this record is the one place that knows it.
 */
public record ScheduledWindow(Duration length) {

  public ScheduledWindow {
    Objects.requireNonNull(length, "length");
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a scheduled window is positive, not " + length);
    }
  }

  /** The range a schedule's template request carries for this window. */
  public TimeRange templateRange() {
    return new TimeRange(Instant.EPOCH, Instant.EPOCH.plus(length));
  }

  /**
   * The window of a schedule's template request: the span of its time range. Empty for a request
   * submitted over REST, and for an incremental schedule's template (a seq range, which each run
   * keeps).
   */
  public static Optional<ScheduledWindow> of(ExportRequest template) {
    TimeRange range = template.range();
    if (template.scheduleId() == null || range == null || range.isSeq() || range.span() == null) {
      return Optional.empty();
    }
    return Optional.of(new ScheduledWindow(range.span()));
  }

  /** The range a run scheduled at {@code scheduledAt} exports. */
  public TimeRange endingAt(Instant scheduledAt) {
    return new TimeRange(scheduledAt.minus(length), scheduledAt);
  }
}
