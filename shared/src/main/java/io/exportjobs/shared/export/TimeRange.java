package io.exportjobs.shared.export;

import java.time.Duration;
import java.time.Instant;

/** A half-open time range {@code from <= t < to}; {@code from} is null for "since the start". */
public record TimeRange(Instant from, Instant to) {

  public boolean contains(Instant t) {
    return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
  }

  public Duration span() {
    return from == null || to == null ? null : Duration.between(from, to);
  }
}
