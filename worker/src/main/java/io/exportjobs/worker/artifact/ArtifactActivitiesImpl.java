package io.exportjobs.worker.artifact;

import io.exportjobs.pack.json.Digests;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.artifact.ArtifactStore;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PublishedArtifact;
import io.exportjobs.worker.ActivityFailures;
import io.exportjobs.worker.Heartbeats;
import io.exportjobs.worker.extraction.StagingArea;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/** Publishes staged files to the job's target store, and deletes artifacts. */
@Component("artifactActivities")
public class ArtifactActivitiesImpl implements ArtifactActivities {

  private final ArtifactStores stores;
  private final StagingArea staging;

  public ArtifactActivitiesImpl(ArtifactStores stores, StagingArea staging) {
    this.stores = stores;
    this.staging = staging;
  }

  @Override
  public PublishedArtifact publish(ExportRequest request, ExtractionResult extraction) {
    return Heartbeats.whileRunning(() -> publishStaged(request, extraction));
  }

  private PublishedArtifact publishStaged(ExportRequest request, ExtractionResult extraction) {
    ArtifactStore store =
        stores
            .find(request.target())
            .orElseThrow(
                () ->
                    ActivityFailures.nonRetryable(
                        "unknown_target", "no artifact target named '" + request.target() + "'"));
    String key =
        ArtifactLocation.keyFor(
            request.tenant(), request.jobId(), request.attempt(), request.fileName());
    Path staged = Path.of(extraction.stagingPath());
    try {
      String sha256;
      long size;
      if (Files.exists(staged)) {
        size = Files.size(staged);
        // the extraction digested the file as it wrote it; older results, and built files, did not
        sha256 =
            extraction.sha256() != null && size == extraction.bytesWritten()
                ? extraction.sha256()
                : sha256(Files.newInputStream(staged));
        // the staged file is this attempt's own: the store may move it instead of copying it
        store.take(key, staged);
        staging.discard(request);
      } else {
        // an earlier try of this activity published and cleaned up, then lost its reply
        OptionalLong published = store.size(key);
        if (published.isEmpty()) {
          throw ActivityFailures.nonRetryable(
              "staging_lost", "the staged file of " + request.jobId() + " is gone");
        }
        size = published.getAsLong();
        sha256 = sha256(store.resource(key).getInputStream());
      }
      ExportArtifact artifact =
          new ExportArtifact(
              request.fileName(),
              request.format().contentType(),
              size,
              sha256,
              extraction.entryCount(),
              null);
      return new PublishedArtifact(new ArtifactLocation(store.target(), key), artifact);
    } catch (IOException | RuntimeException e) {
      if (e instanceof io.temporal.failure.ApplicationFailure af) {
        throw af;
      }
      throw ActivityFailures.retryable("artifact_write_failed", e);
    }
  }

  @Override
  public void discard(ExportRequest request) {
    try {
      staging.discard(request);
      String key =
          ArtifactLocation.keyFor(
              request.tenant(), request.jobId(), request.attempt(), request.fileName());
      var store = stores.find(request.target());
      if (store.isPresent()) {
        store.get().delete(key);
      }
    } catch (IOException | RuntimeException e) {
      throw ActivityFailures.retryable("cleanup_failed", e);
    }
  }

  @Override
  public void delete(ArtifactLocation location) {
    try {
      stores.get(location.target()).delete(location.key());
    } catch (IOException | RuntimeException e) {
      throw ActivityFailures.retryable("cleanup_failed", e);
    }
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest digest = Digests.sha256();
    try (in) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return Digests.hex(digest.digest());
  }
}
