package io.exportjobs.worker.packaging;

import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.PackFiles;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.worker.report.AuditReports;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@code evidence_pack}: the range's entries in a signed pack, with their HTML audit report. */
@Component
class EvidencePackBuilder implements ArtifactBuilder {

  private final SignedPacks packs;

  EvidencePackBuilder(SignedPacks packs) {
    this.packs = packs;
  }

  @Override
  public ExportType type() {
    return ExportType.EVIDENCE_PACK;
  }

  @Override
  public Optional<TreeEvidence> build(StagedEntries staged, OutputStream out) throws IOException {
    Path report = staged.sibling(PackFiles.REPORT);
    try (OutputStream r = new BufferedOutputStream(Files.newOutputStream(report), 1 << 16)) {
      AuditReports.html(staged.summary(), staged.reportMeta(), r);
    }
    return Optional.of(packs.write(staged, Map.of(PackFiles.REPORT, report), out));
  }
}
