package io.exportjobs.worker.packaging;

import com.fasterxml.jackson.databind.MappingIterator;
import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PackagingActivities;
import io.exportjobs.worker.ActivityFailures;
import io.exportjobs.worker.Heartbeats;
import io.exportjobs.worker.extraction.StagingArea;
import io.exportjobs.worker.report.AuditSummary;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The build step of the types that {@linkplain
 * io.exportjobs.shared.export.ExportType#needsBuildStep need one}: reads the staged entries.ndjson,
 * on the worker that staged them, and hands them to the type's {@link ArtifactBuilder}. A signed
 * pack's checkpoint is recorded with the job.
 */
@Component("packagingActivities")
public class PackagingActivitiesImpl implements PackagingActivities {

  private final StagingArea staging;
  private final ArtifactBuilders builders;
  private final SigningKeys keys;
  private final JobStore jobIndex;

  public PackagingActivitiesImpl(
      StagingArea staging, ArtifactBuilders builders, SigningKeys keys, JobStore jobIndex) {
    this.staging = staging;
    this.builders = builders;
    this.keys = keys;
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
    ArtifactBuilder builder = builders.forType(request.type());
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
      ChainHead head = extracted.ledgerHead() == null ? ChainHead.empty() : extracted.ledgerHead();
      StagedEntries staged =
          new StagedEntries(request, entries, summary, head, PackManifest.Generator.current());
      Optional<TreeEvidence> tree;
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        tree = builder.build(staged, o);
      }
      if (tree.isPresent()) {
        if (request.incrementalRun()) {
          SelfCheck.requireValid(partial, keys);
        }
        jobIndex.recordCheckpoint(request.jobId(), request.attempt(), tree.get().checkpoint());
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
}
