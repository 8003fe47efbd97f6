package io.exportjobs.worker.packaging;

import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.PackFormat;
import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.PackType;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobQueries;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerCheckpoints;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.worker.report.AuditSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes a signed pack of the staged entries, for the builders of the pack types: the statement
 * (manifest), the checkpoint and proof of the entries against the tenant's tree, and the files.
 */
@Component
class SignedPacks {

  private final SigningKeys keys;
  private final PackProofs proofs;

  SignedPacks(
      SigningKeys keys, LedgerStore ledger, LedgerCheckpoints checkpoints, JobQueries jobQueries) {
    this.keys = keys;
    this.proofs = new PackProofs(ledger, checkpoints, jobQueries);
  }

  /**
   * @param extra files the pack carries besides its entries, by archive name
   * @return the checkpoint and proof the pack carries
   */
  TreeEvidence write(StagedEntries staged, Map<String, Path> extra, OutputStream out)
      throws IOException {
    ExportRequest request = staged.request();
    AuditSummary summary = staged.summary();
    TreeEvidence tree =
        proofs.build(
            request, staged.entries(), staged.head().seq(), summary.firstSeq(), summary.lastSeq());
    EvidencePackWriter.write(
        PackFormat.of(request.format().wire()),
        staged.entries(),
        extra,
        manifest(staged),
        tree,
        keys.active(),
        out);
    return tree;
  }

  /** What the pack's statement says: the job's type, range and filters, and the entries. */
  private static PackManifest manifest(StagedEntries staged) {
    ExportRequest request = staged.request();
    AuditSummary summary = staged.summary();
    ExportFilters f = request.filters();
    return new PackManifest(
        request.tenant(),
        request.jobId(),
        PackType.of(request.type().wire()),
        packRange(request.range(), staged.head()),
        request.type().wholeLedger()
            ? null
            : new PackManifest.Filters(f.actors(), f.actions(), f.resources(), f.outcomes()),
        summary.total(),
        summary.firstSeq(),
        summary.lastSeq(),
        staged.head(),
        staged.generator());
  }

  /** The range as the statement names it: a seq range with the {@code toSeq} it resolved. */
  private static PackManifest.Range packRange(TimeRange r, ChainHead head) {
    if (r.isSeq()) {
      return PackManifest.Range.ofSeq(r.firstSeq(), r.toSeq() == null ? head.seq() + 1 : r.toSeq());
    }
    return new PackManifest.Range(r.from(), r.to(), r.basis(), null, null);
  }
}
