package io.exportjobs.shared.admission;

import java.time.Instant;

/**
 * The answer to an {@link AdmissionRequest}: start now, ask again later, or skip this run. An
 * admitted job's {@code startedAt} is the moment it took the slot, under the tenant's lock, so
 * start times follow the admission order.
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
