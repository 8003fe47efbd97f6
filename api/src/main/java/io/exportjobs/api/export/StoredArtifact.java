package io.exportjobs.api.export;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.artifact.ArtifactStore;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.StoredJob;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * A job's artifact as it is in its store now, for the calls that read it (download, verification):
 * 410 once expired or gone from the store, 409 before the job completed, 503 when the store is not
 * set up or unavailable.
 */
record StoredArtifact(ExportJob job, ArtifactStore store, ArtifactLocation location, long size) {

  static StoredArtifact of(StoredJob stored, ArtifactStores stores) {
    ExportJob job = stored.job();
    if (job.status() == ExportStatus.EXPIRED) {
      throw ApiException.gone("the artifact of export " + job.id() + " has expired");
    }
    if (job.status() != ExportStatus.COMPLETED
        || job.artifact() == null
        || stored.artifactLocation() == null) {
      throw ApiException.conflict(
          "export " + job.id() + " is " + job.status().wire() + "; it has no artifact yet");
    }
    ArtifactLocation location = stored.artifactLocation();
    ArtifactStore store =
        stores
            .find(location.target())
            .orElseThrow(
                () -> ApiException.unavailable("the artifact store of this export is not set up"));
    try {
      OptionalLong size = store.size(location.key());
      if (size.isEmpty()) {
        throw ApiException.gone("the artifact of export " + job.id() + " is no longer stored");
      }
      return new StoredArtifact(job, store, location, size.getAsLong());
    } catch (IOException e) {
      throw ApiException.unavailable("the artifact store is unavailable");
    }
  }
}
