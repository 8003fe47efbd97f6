package io.exportjobs.worker.packaging;

import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.worker.report.AuditSummary;
import io.exportjobs.worker.report.ReportMeta;
import java.nio.file.Path;

/**
 * What a builder builds from: the job, its staged entries.ndjson (one entry a line, seq order),
 * their summary, the head the extraction pinned and who generates the artifact.
 */
public record StagedEntries(
    ExportRequest request,
    Path entries,
    AuditSummary summary,
    ChainHead head,
    PackManifest.Generator generator) {

  /** What an audit report says about the job and its entries. */
  public ReportMeta reportMeta() {
    return new ReportMeta(
        request.tenant(),
        request.jobId(),
        request.range(),
        request.filters(),
        summary.total(),
        head,
        generator.name(),
        generator.version());
  }

  /** A file beside the staged entries, for a builder's intermediate output. */
  public Path sibling(String name) {
    return entries.resolveSibling(name);
  }
}
