package io.exportjobs.shared.workflow;

import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface ArtifactActivities {

  /**
   * Digests the staging file and moves it to the job's target store under its final key. Safe to
   * repeat: once published, a repeat returns the same artifact.
   */
  @ActivityMethod(name = "PublishArtifact")
  PublishedArtifact publish(ExportRequest request, ExtractionResult extraction);

  /** Removes whatever an attempt left behind: its staging file and any published artifact. */
  @ActivityMethod(name = "DiscardPartialOutput")
  void discard(ExportRequest request);

  /** Deletes a published artifact (retention ended or deleted on request). */
  @ActivityMethod(name = "DeleteArtifact")
  void delete(ArtifactLocation location);
}
