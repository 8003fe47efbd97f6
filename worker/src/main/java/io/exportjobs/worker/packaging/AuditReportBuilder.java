package io.exportjobs.worker.packaging;

import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.worker.ActivityFailures;
import io.exportjobs.worker.report.AuditReports;
import io.exportjobs.worker.report.AuditSummary;
import io.exportjobs.worker.report.ReportMeta;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@code audit_report}: the summary of the entries, in HTML, JSON or CSV. */
@Component
class AuditReportBuilder implements ArtifactBuilder {

  @Override
  public ExportType type() {
    return ExportType.AUDIT_REPORT;
  }

  @Override
  public Optional<TreeEvidence> build(StagedEntries staged, OutputStream out) throws IOException {
    AuditSummary summary = staged.summary();
    ReportMeta meta = staged.reportMeta();
    switch (staged.request().format()) {
      case HTML -> AuditReports.html(summary, meta, out);
      case JSON -> AuditReports.json(summary, meta, out);
      case CSV -> AuditReports.csv(summary, meta, out);
      default ->
          throw ActivityFailures.nonRetryable(
              "unsupported_format",
              type().wire() + " has no format " + staged.request().format().wire());
    }
    return Optional.empty();
  }
}
