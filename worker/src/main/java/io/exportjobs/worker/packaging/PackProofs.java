package io.exportjobs.worker.packaging;

import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.PackProof;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.ProofException;
import io.exportjobs.pack.tlog.ProofVerifier;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobQueries;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerCheckpoints;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.LedgerTree;
import io.exportjobs.worker.ActivityFailures;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pack's {@code checkpoint} and {@code proof.json}, at the head the job pinned (the tree size is
 * the pinned head's seq). The span is the range's seqs for a seq range (up to the head), the seqs
 * recorded in the range for a {@code recorded} range (with the boundary entries around it), the
 * first to the last exported entry for an {@code occurred} range, the whole tree for a snapshot;
 * every leaf of the span that is not in entries.ndjson is listed as excluded, read from the ledger
 * in seq order beside the staged entries. A pure function of the ledger, the job and the signing
 * key, so a retried build writes the same bytes.
 */
final class PackProofs {

  private final LedgerStore ledger;
  private final LedgerCheckpoints checkpoints;
  private final JobQueries jobQueries;

  PackProofs(LedgerStore ledger, LedgerCheckpoints checkpoints, JobQueries jobQueries) {
    this.ledger = ledger;
    this.checkpoints = checkpoints;
    this.jobQueries = jobQueries;
  }

  /**
   * @param entries the staged entries.ndjson, in seq order
   * @param treeSize the seq of the head the job pinned
   * @param firstSeq the first exported seq, null when none was exported
   * @param lastSeq the last exported seq, null when none was exported
   */
  TreeEvidence build(
      ExportRequest request, Path entries, long treeSize, Long firstSeq, Long lastSeq)
      throws IOException {
    String tenant = request.tenant();
    TimeRange range = request.range();
    boolean unfiltered = request.filters().equals(ExportFilters.none());
    long first;
    long last;
    boolean complete;
    PackProof.Boundary boundary = null;
    if (request.type().wholeLedger()) {
      first = 1;
      last = treeSize;
      complete = true;
    } else if (range.isSeq()) {
      first = Math.min(range.firstSeq(), treeSize + 1);
      long wanted = range.toSeq() == null ? treeSize : range.toSeq() - 1;
      last = Math.max(first - 1, Math.min(wanted, treeSize));
      complete = unfiltered && first == range.firstSeq() && last == wanted;
    } else if (range.isRecorded()) {
      long[] span = ledger.recordedSpan(tenant, range.from(), range.to(), treeSize);
      first = span[0];
      last = span[1];
      boundary =
          new PackProof.Boundary(
              first > 1 ? bounding(tenant, first - 1, treeSize) : null,
              last < treeSize ? bounding(tenant, last + 1, treeSize) : null);
      complete = unfiltered && boundary.after() != null;
    } else {
      // an occurred range: the span is what the pack holds, and it cannot prove more
      first = firstSeq == null ? treeSize + 1 : firstSeq;
      last = lastSeq == null ? treeSize : lastSeq;
      complete = false;
    }
    LedgerTree tree = ledger.tree();
    List<PackProof.Excluded> excluded = excluded(tenant, entries, first, last);
    PackProof proof =
        new PackProof(
            treeSize,
            first,
            last,
            tree.compactRange(tenant, 0, first - 1).hashes(),
            tree.compactRange(tenant, last, treeSize).hashes(),
            excluded,
            boundary,
            request.incrementalRun() ? previous(request, first, treeSize) : null,
            complete && excluded.isEmpty());
    String note = checkpoints.sign(checkpoints.checkpoint(tenant, treeSize));
    return new TreeEvidence(note, proof);
  }

  /**
   * The checkpoint of the schedule's run that ended where this one starts, and the consistency
   * proof from it to this run's tree, checked here: a ledger rewritten behind the service's back
   * since that run fails it ({@code ledger_inconsistent}). Null for the first run.
   */
  private PackProof.Previous previous(ExportRequest request, long first, long treeSize) {
    String note =
        jobQueries.checkpointEndingAt(request.tenant(), request.scheduleId(), first).orElse(null);
    if (note == null) {
      return null;
    }
    Checkpoint before = Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1));
    List<byte[]> consistency =
        ledger.tree().consistencyProof(request.tenant(), before.size(), treeSize);
    try {
      if (before.size() != first - 1) {
        throw new ProofException(
            "the previous run's checkpoint is of size " + before.size() + ", not " + (first - 1));
      }
      ProofVerifier.verifyConsistency(
          before.size(),
          treeSize,
          before.root(),
          ledger.tree().root(request.tenant(), treeSize),
          consistency);
    } catch (ProofException e) {
      throw ActivityFailures.nonRetryable(
          SelfCheck.LEDGER_INCONSISTENT,
          "the ledger is not consistent with the previous run's checkpoint: " + e.getMessage());
    }
    return new PackProof.Previous(note, consistency);
  }

  /** Entry {@code seq} and its inclusion proof in the tree of {@code treeSize}. */
  private PackProof.BoundaryEntry bounding(String tenant, long seq, long treeSize) {
    LedgerEntry entry =
        ledger
            .find(tenant, seq)
            .orElseThrow(() -> new IllegalStateException("entry " + seq + " is missing"));
    return new PackProof.BoundaryEntry(entry, ledger.tree().inclusionProof(tenant, seq, treeSize));
  }

  /** The leaves of {@code [first, last]} whose entry is not in the staged file. */
  private List<PackProof.Excluded> excluded(String tenant, Path entries, long first, long last)
      throws IOException {
    List<PackProof.Excluded> excluded = new ArrayList<>();
    if (last < first) {
      return excluded;
    }
    try (BufferedReader in = Files.newBufferedReader(entries, StandardCharsets.UTF_8)) {
      long[] next = {nextSeq(in)};
      IOException[] failed = {null};
      ledger
          .tree()
          .leaves(
              tenant,
              first,
              last,
              (seq, leaf) -> {
                if (next[0] == seq) {
                  try {
                    next[0] = nextSeq(in);
                  } catch (IOException e) {
                    failed[0] = e;
                  }
                } else {
                  excluded.add(new PackProof.Excluded(seq, leaf));
                }
              });
      if (failed[0] != null) {
        throw failed[0];
      }
    }
    return excluded;
  }

  /**
   * The seq of the next staged entry: both extraction paths write each line as {@code
   * {"seq":N,...}}; -1 at the end.
   */
  private static long nextSeq(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line == null) {
      return -1;
    }
    if (!line.startsWith("{\"seq\":")) {
      throw new IOException("a staged entry does not start with its seq: " + line);
    }
    int end = 7;
    while (end < line.length() && Character.isDigit(line.charAt(end))) {
      end++;
    }
    return Long.parseLong(line.substring(7, end));
  }
}
