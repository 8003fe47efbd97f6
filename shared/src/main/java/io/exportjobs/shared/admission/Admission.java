package io.exportjobs.shared.admission;

import java.time.Instant;

/**
 * The answer to an {@link AdmissionRequest}: start now, or wait until a slot frees. An admitted
 * job's {@code startedAt} is the moment it took the slot, under the tenant's lock, so start times
 * follow the admission order.
 */
public record Admission(Decision decision, String reason, Instant startedAt) {

  public enum Decision {
    ADMITTED,
    WAIT
  }

  public static Admission admitted(Instant startedAt) {
    return new Admission(Decision.ADMITTED, null, startedAt);
  }

  public static Admission waiting(String reason) {
    return new Admission(Decision.WAIT, reason, null);
  }
}
