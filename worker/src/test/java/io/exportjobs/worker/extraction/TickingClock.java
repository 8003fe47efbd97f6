package io.exportjobs.worker.extraction;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves one second per reading, so that the extraction's time-throttled checkpoints
 * are due at every 1024-entry check even though the test runs in well under a second.
 */
final class TickingClock extends Clock {
  private final Instant start = Instant.parse("2026-11-02T08:00:00Z");
  private final AtomicLong readings = new AtomicLong();

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return start.plusSeconds(readings.getAndIncrement());
  }
}
