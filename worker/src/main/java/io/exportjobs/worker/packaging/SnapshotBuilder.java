package io.exportjobs.worker.packaging;

import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.shared.export.ExportType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@code snapshot}: the whole ledger up to the pinned head, in a signed pack. */
@Component
class SnapshotBuilder implements ArtifactBuilder {

  private final SignedPacks packs;

  SnapshotBuilder(SignedPacks packs) {
    this.packs = packs;
  }

  @Override
  public ExportType type() {
    return ExportType.SNAPSHOT;
  }

  @Override
  public Optional<TreeEvidence> build(StagedEntries staged, OutputStream out) throws IOException {
    return Optional.of(packs.write(staged, Map.of(), out));
  }
}
