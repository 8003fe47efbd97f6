package io.exportjobs.shared.admission;

import java.util.Locale;

/**
 * What a schedule's run does while an earlier run of the same schedule is still active (pending or
 * running). Enforced by the export workflow, not by Temporal: an export's workflow stays open
 * through its retention timer, so Temporal's own overlap policy would see a finished export as
 * still running and skip every later run until the first artifact expired.
 */
public enum Overlap {
  /** The run ends at once, {@code cancelled} with error {@code overlap_skipped}. */
  SKIP,
  /** The run waits (pending) until the earlier one ends; a second waiting run is skipped. */
  BUFFER_ONE,
  /** Runs never wait for each other. */
  ALLOW_ALL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The wire value, or {@code ALLOW_ALL} when absent or unknown (a run is never lost to a typo).
   */
  public static Overlap fromWire(String value) {
    if (value == null) {
      return ALLOW_ALL;
    }
    for (Overlap o : values()) {
      if (o.wire().equals(value)) {
        return o;
      }
    }
    return ALLOW_ALL;
  }
}
