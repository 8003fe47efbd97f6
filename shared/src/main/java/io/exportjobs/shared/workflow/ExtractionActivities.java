package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface ExtractionActivities {

  /**
   * Streams the matching ledger entries into a staging file in the request's format. Heartbeats the
   * last seq written and resumes from it after a crash.
   */
  @ActivityMethod(name = "ExtractLedgerEntries")
  ExtractionResult extract(ExportRequest request);
}
