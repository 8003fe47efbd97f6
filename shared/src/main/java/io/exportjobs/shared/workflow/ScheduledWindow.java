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
 * <p>A schedule's template request carries it as {@link ExportRequest#scheduledWindow()}. Schedules
 * made before that field existed carry only the range {@code [EPOCH, EPOCH + length)}, and workers
 * of that version read the window as that range's span; so a template carries both (expand), this
 * record reads the field first and the old range only when the field is absent, and is the one
 * place that knows the old shape. Once no schedule or worker of that version is left, the range can
 * go (contract).
 */
public record ScheduledWindow(Duration length) {

  public ScheduledWindow {
    Objects.requireNonNull(length, "length");
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a scheduled window is positive, not " + length);
    }
  }

  /** The range a schedule's template request carries for this window, for older workers. */
  public TimeRange templateRange() {
    return new TimeRange(Instant.EPOCH, Instant.EPOCH.plus(length));
  }

  /**
   * The window of a schedule's template request: its {@code scheduledWindow}, or for a template of
   * an older schedule the span of its time range. Empty for a request submitted over REST, and for
   * an incremental schedule's template (a seq range, which each run keeps).
   */
  public static Optional<ScheduledWindow> of(ExportRequest template) {
    if (template.scheduleId() != null && template.scheduledWindow() != null) {
      return Optional.of(new ScheduledWindow(template.scheduledWindow()));
    }
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
