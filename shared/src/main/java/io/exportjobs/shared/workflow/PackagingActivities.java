package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface PackagingActivities {

  /**
   * Builds the artifact of an {@code evidence_pack}, {@code audit_report} or {@code snapshot} from
   * the staged entries, next to them, on the worker that holds them. Deterministic: the same
   * entries give the same bytes.
   */
  @ActivityMethod(name = "BuildArtifact")
  ExtractionResult build(ExportRequest request, ExtractionResult extracted);
}
