package io.exportjobs.shared.admission;

import java.time.Instant;

/**
 * The answer to an {@link AdmissionRequest}: start now, ask again later, or skip this run. An
 * admitted job is {@code running} in the job index from {@code startedAt}, written in the same
 * transaction that took the slot, so the index never shows more running jobs than slots and start
 * times follow the admission order.
 */
public record Admission(Decision decision, String reason, Instant startedAt) {

  public enum Decision {
    ADMITTED,
    WAIT,
    SKIP
  }

  public static Admission admitted(Instant startedAt) {
    return new Admission(Decision.ADMITTED, null, startedAt);
  }

  public static Admission waiting(String reason) {
    return new Admission(Decision.WAIT, reason, null);
  }

  public static Admission skip(String reason) {
    return new Admission(Decision.SKIP, reason, null);
  }
}
