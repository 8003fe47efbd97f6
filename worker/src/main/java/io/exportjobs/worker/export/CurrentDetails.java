package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.workflow.Workflow;
import java.util.Locale;

/**
 * The workflow's current details, the line the Web UI shows on a workflow's page (and {@code
 * temporal workflow metadata} prints): where the job is now, in words. Setting them writes no
 * history event; the Web UI reads them through the workflow's metadata query.
 */
final class CurrentDetails {

  private CurrentDetails() {}

  static void waiting(String reason) {
    Workflow.setCurrentDetails(
        "**Pending**: waiting for one of the tenant's slots (" + reason + ")");
  }

  static void show(ExportJob job) {
    Workflow.setCurrentDetails(of(job));
  }

  /** A completed job whose retention workflow now holds the artifact. */
  static void handedOff(ExportJob job) {
    Workflow.setCurrentDetails(
        of(job) + ", by workflow `" + TemporalNames.retentionWorkflowId(job.id()) + "`");
  }

  static String of(ExportJob job) {
    ExportProgress p = job.progress();
    return switch (job.status()) {
      case PENDING -> "**Pending**: checking the policy and waiting for a slot";
      case RUNNING ->
          String.format(
              Locale.ROOT,
              "**Running**: %s entries exported%s, %,d bytes written",
              p.entriesTotal() == null
                  ? String.format(Locale.ROOT, "%,d", p.entriesExported())
                  : String.format(Locale.ROOT, "%,d / %,d", p.entriesExported(), p.entriesTotal()),
              percent(p),
              p.bytesWritten());
      case COMPLETED ->
          String.format(
              Locale.ROOT,
              "**Completed**: %,d entries, %,d bytes; the artifact is kept until %s (retention %s)",
              p.entriesExported(),
              job.artifact() == null ? p.bytesWritten() : job.artifact().sizeBytes(),
              job.expiresAt(),
              job.retention());
      case EXPIRED -> "**Expired**: the artifact is deleted";
      case FAILED ->
          "**Failed**: "
              + (job.error() == null ? "" : job.error().code() + ": " + job.error().message());
      case CANCELLED -> "**Cancelled**: partial output removed";
    };
  }

  private static String percent(ExportProgress p) {
    if (p.entriesTotal() == null || p.entriesTotal() <= 0) {
      return "";
    }
    long pct = Math.min(100, p.entriesExported() * 100 / p.entriesTotal());
    return " (" + pct + " %)";
  }
}
