package io.exportjobs.api.schedule;

import io.exportjobs.api.problem.FieldError;
import java.util.List;

/**
 * What an incremental schedule ({@code mode: "incremental"}) must be: no window (each run exports
 * the seqs from where the last successful run ended to the head at its start), and a {@code
 * startSeq} of at least 1 for the first run. Its runs start with the seq range {@code [startSeq,
 * head]}; the worker moves {@code fromSeq} to where the last successful run ended.
 */
final class IncrementalRuns {

  private IncrementalRuns() {}

  static void check(ScheduleDefinition d, List<FieldError> errors) {
    if (d.window() != null) {
      errors.add(
          new FieldError(
              "window", "must be absent for an incremental schedule: each run takes new entries"));
    }
    if (d.startSeq() == null || d.startSeq() < 1) {
      errors.add(new FieldError("startSeq", "must be at least 1"));
    }
  }
}
