package io.exportjobs.shared.export;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The workflow's input: everything needed to run one attempt of a job. No ledger rows, no bytes.
 * {@code callerScopes} lets the workflow re-check restricted types against the requester's rights.
 */
public record ExportRequest(
    String jobId,
    String tenant,
    ExportType type,
    ExportFormat format,
    TimeRange range,
    ExportFilters filters,
    Map<String, String> labels,
    String retention,
    String target,
    Instant createdAt,
    String requestedBy,
    Set<String> callerScopes,
    int attempt,
    String scheduleId) {

  public ExportRequest {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    filters = filters == null ? ExportFilters.none() : filters;
    callerScopes = callerScopes == null ? Set.of() : Set.copyOf(callerScopes);
  }

  public ExportRequest withAttempt(int newAttempt) {
    return new ExportRequest(
        jobId,
        tenant,
        type,
        format,
        range,
        filters,
        labels,
        retention,
        target,
        createdAt,
        requestedBy,
        callerScopes,
        newAttempt,
        scheduleId);
  }

  /** The same request with another range (an incremental run's resolved start). */
  public ExportRequest withRange(TimeRange newRange) {
    return new ExportRequest(
        jobId,
        tenant,
        type,
        format,
        newRange,
        filters,
        labels,
        retention,
        target,
        createdAt,
        requestedBy,
        callerScopes,
        attempt,
        scheduleId);
  }

  /** A run of an incremental schedule: a scheduled seq range without toSeq. */
  public boolean incrementalRun() {
    return scheduleId != null && range != null && range.isSeq() && range.toSeq() == null;
  }

  /** The job as it looks before the workflow has done anything. */
  public ExportJob pendingJob() {
    return new ExportJob(
        jobId,
        tenant,
        type,
        format,
        ExportStatus.PENDING,
        range,
        filters,
        labels,
        retention,
        target,
        createdAt,
        null,
        null,
        null,
        requestedBy,
        attempt,
        scheduleId,
        ExportProgress.none(),
        null,
        null,
        jobId,
        null);
  }

  public String fileName() {
    return jobId + "." + format.extension();
  }
}
