package io.exportjobs.worker.packaging;

import com.fasterxml.jackson.databind.MappingIterator;
import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.PackFormat;
import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.PackType;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerCheckpoints;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PackagingActivities;
import io.exportjobs.worker.ActivityFailures;
import io.exportjobs.worker.Heartbeats;
import io.exportjobs.worker.extraction.StagingArea;
import io.exportjobs.worker.report.AuditReports;
import io.exportjobs.worker.report.AuditSummary;
import io.exportjobs.worker.report.ReportMeta;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds audit reports, evidence packs and snapshots from the staged entries.ndjson, on the worker
 * that staged them. Every output is a pure function of the entries and the job, so a repeated or
 * retried build writes the same bytes.
 */
@Component("packagingActivities")
public class PackagingActivitiesImpl implements PackagingActivities {

  private final StagingArea staging;
  private final SigningKeys keys;
  private final PackProofs proofs;
  private final JobStore jobIndex;

  public PackagingActivitiesImpl(
      StagingArea staging,
      SigningKeys keys,
      LedgerStore ledger,
      LedgerCheckpoints checkpoints,
      JobStore jobIndex) {
    this.staging = staging;
    this.keys = keys;
    this.proofs = new PackProofs(ledger, checkpoints, jobIndex);
    this.jobIndex = jobIndex;
  }

  @Override
  public ExtractionResult build(ExportRequest request, ExtractionResult extracted) {
    ExportRequest resolved =
        extracted.fromSeq() == null
            ? request
            : request.withRange(TimeRange.ofSeq(extracted.fromSeq(), null));
    return Heartbeats.whileRunning(() -> buildStaged(resolved, extracted));
  }

  private ExtractionResult buildStaged(ExportRequest request, ExtractionResult extracted) {
    Path entries = Path.of(extracted.stagingPath());
    if (!Files.exists(entries)) {
      throw ActivityFailures.nonRetryable(
          "staging_lost", "the staged entries of " + request.jobId() + " are gone");
    }
    Path out = staging.fileFor(request);
    Path partial = out.resolveSibling(out.getFileName() + ".building");
    try {
      AuditSummary summary = summarize(entries);
      if (summary.total() != extracted.entryCount()) {
        throw ActivityFailures.nonRetryable(
            "staging_corrupt",
            "staged entries of "
                + request.jobId()
                + " hold "
                + summary.total()
                + " entries, extraction wrote "
                + extracted.entryCount());
      }
      PackManifest.Generator generator = PackManifest.Generator.current();
      ChainHead head = extracted.ledgerHead() == null ? ChainHead.empty() : extracted.ledgerHead();
      ReportMeta meta =
          new ReportMeta(
              request.tenant(),
              request.jobId(),
              request.range(),
              request.filters(),
              summary.total(),
              head,
              generator.name(),
              generator.version());
      TreeEvidence tree = null;
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        if (request.type() == ExportType.AUDIT_REPORT) {
          switch (request.format()) {
            case HTML -> AuditReports.html(summary, meta, o);
            case JSON -> AuditReports.json(summary, meta, o);
            case CSV -> AuditReports.csv(summary, meta, o);
            default -> throw unsupported(request);
          }
        } else {
          Map<String, Path> extra = Map.of();
          if (request.type() == ExportType.EVIDENCE_PACK) {
            Path report = entries.resolveSibling("report.html");
            try (OutputStream r =
                new BufferedOutputStream(Files.newOutputStream(report), 1 << 16)) {
              AuditReports.html(summary, meta, r);
            }
            extra = Map.of("report.html", report);
          }
          PackManifest manifest = manifest(request, summary, head, generator);
          tree = proofs.build(request, entries, head.seq(), summary.firstSeq(), summary.lastSeq());
          EvidencePackWriter.write(
              PackFormat.of(request.format().wire()),
              entries,
              extra,
              manifest,
              tree,
              keys.active(),
              o);
        }
      }
      if (tree != null) {
        if (request.incrementalRun()) {
          SelfCheck.requireValid(partial, keys);
        }
        jobIndex.recordCheckpoint(request.jobId(), request.attempt(), tree.checkpoint());
      }
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return extracted.staged(out.toString(), Files.size(out));
    } catch (ApplicationFailure failure) {
      throw failure;
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | org.springframework.dao.DataAccessException e) {
      throw ActivityFailures.retryable("build_failed", e);
    }
  }

  /** What the pack's statement says: the job's type, range and filters, and the entries. */
  private static PackManifest manifest(
      ExportRequest request,
      AuditSummary summary,
      ChainHead head,
      PackManifest.Generator generator) {
    PackType type = PackType.of(request.type().wire());
    ExportFilters f = request.filters();
    return new PackManifest(
        request.tenant(),
        request.jobId(),
        type,
        packRange(request.range(), head),
        type == PackType.SNAPSHOT
            ? null
            : new PackManifest.Filters(f.actors(), f.actions(), f.resources(), f.outcomes()),
        summary.total(),
        summary.firstSeq(),
        summary.lastSeq(),
        head,
        generator);
  }

  /** The range as the statement names it: a seq range with the {@code toSeq} it resolved. */
  private static PackManifest.Range packRange(TimeRange r, ChainHead head) {
    if (r.isSeq()) {
      return PackManifest.Range.ofSeq(r.firstSeq(), r.toSeq() == null ? head.seq() + 1 : r.toSeq());
    }
    return new PackManifest.Range(r.from(), r.to(), r.basis(), null, null);
  }

  private static AuditSummary summarize(Path entries) throws IOException {
    AuditSummary summary = new AuditSummary();
    try (MappingIterator<LedgerEntry> it =
        Json.mapper().readerFor(LedgerEntry.class).readValues(entries.toFile())) {
      while (it.hasNextValue()) {
        summary.add(it.nextValue());
      }
    }
    return summary;
  }

  private static ApplicationFailure unsupported(ExportRequest request) {
    return ActivityFailures.nonRetryable(
        "unsupported_format", request.type().wire() + " has no format " + request.format().wire());
  }
}
