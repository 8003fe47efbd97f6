package io.exportjobs.worker.report;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.TimeRange;
import java.util.Objects;

/**
 * What a report is about, printed in its header and footer. Nothing here is wall-clock time, so the
 * same job over the same ledger renders the same bytes.
 *
 * @param tenant the tenant whose ledger is summarised
 * @param jobId the export job, or null outside a job
 * @param range {@code [from, to)} of {@code occurredAt}; {@code from} is null for a snapshot
 * @param filters the job's filters ({@link ExportFilters#none()} if null)
 * @param entryCount how many entries the job covers; must equal the summary's total
 * @param ledgerHead the tenant's chain head when the entries were read, or null if unknown
 * @param generatorName the program that wrote the report, e.g. {@code export-jobs}
 * @param generatorVersion its version
 */
public record ReportMeta(
    String tenant,
    String jobId,
    TimeRange range,
    ExportFilters filters,
    long entryCount,
    ChainHead ledgerHead,
    String generatorName,
    String generatorVersion) {

  public ReportMeta {
    Objects.requireNonNull(tenant, "tenant");
    range = range == null ? new TimeRange(null, null) : range;
    filters = filters == null ? ExportFilters.none() : filters;
    generatorName = generatorName == null ? "export-jobs" : generatorName;
    generatorVersion = generatorVersion == null ? "unknown" : generatorVersion;
  }
}
