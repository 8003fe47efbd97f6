package io.exportjobs.worker.report;

import io.exportjobs.pack.ledger.Outcome;

/** How many entries had each outcome; {@link #total()} is their sum. */
public record OutcomeCounts(long success, long failure, long denied) {

  public static final OutcomeCounts ZERO = new OutcomeCounts(0, 0, 0);

  public long total() {
    return success + failure + denied;
  }

  public long of(Outcome outcome) {
    return switch (outcome) {
      case SUCCESS -> success;
      case FAILURE -> failure;
      case DENIED -> denied;
    };
  }

  /** Failures and denials together: the entries the report lists. */
  public long flagged() {
    return failure + denied;
  }

  static OutcomeCounts of(long[] counts) {
    return new OutcomeCounts(counts[0], counts[1], counts[2]);
  }
}
