package io.exportjobs.worker.packaging;

import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.shared.export.ExportType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Builds the artifact of one export type from the job's staged entries. There is one builder per
 * type that {@linkplain ExportType#needsBuildStep() needs a build step}, found by {@link
 * ArtifactBuilders}; a {@code ledger} export has none, the extraction writes it. A build is a pure
 * function of the entries and the job, so a repeated or retried build writes the same bytes.
 */
public interface ArtifactBuilder {

  /** The one type this builder builds. */
  ExportType type();

  /**
   * Writes the artifact of {@code staged.request().format()} to {@code out}.
   *
   * @return the checkpoint and proof of a signed pack, which the job records; empty otherwise
   */
  Optional<TreeEvidence> build(StagedEntries staged, OutputStream out) throws IOException;
}
