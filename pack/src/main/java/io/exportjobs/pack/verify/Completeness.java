package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.PROOF;

import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.tlog.Checkpoint;

/**
 * Whether a pack may say {@code complete: true}: it holds every entry of its range. A snapshot must
 * span the whole tree; a seq range's span must be exactly the range; a {@code recorded} range needs
 * its boundary entries ({@link BoundaryCheck}), whose recordedAt lie outside the range; an {@code
 * occurred} range never can (occurredAt is not ordered with seq); and no pack with excluded leaves
 * can (the verifier cannot see that an excluded leaf did not match the filters).
 */
final class Completeness {

  private static final String FILE = PackFiles.PROOF;

  private Completeness() {}

  static void check(
      ProofFile proof,
      StatementPredicate p,
      Checkpoint checkpoint,
      EntriesCheck entries,
      Findings findings) {
    if (p.snapshot()
        && (proof.firstSeq() != 1
            || proof.lastSeq() != checkpoint.size()
            || !proof.excludedSeqs().isEmpty())) {
      findings.problem(
          PROOF, FILE, "a snapshot must span the whole tree, seq 1 to " + checkpoint.size());
    }
    boolean bounded = BoundaryCheck.check(proof, p, checkpoint, findings);
    if (!proof.complete()) {
      return;
    }
    if (p.filtered() || !proof.excludedSeqs().isEmpty()) {
      findings.problem(PROOF, FILE, "says complete, but entries were filtered out or excluded");
    } else if (p.snapshot()) {
      return;
    } else if (p.seqRange()) {
      long last = p.toSeq() == null ? checkpoint.size() : p.toSeq() - 1;
      if (proof.firstSeq() != p.fromSeq() || proof.lastSeq() != last) {
        findings.problem(
            PROOF,
            FILE,
            "says complete, but its span ["
                + proof.firstSeq()
                + ", "
                + proof.lastSeq()
                + "] is not the range's seqs ["
                + p.fromSeq()
                + ", "
                + last
                + "]");
      }
    } else if (p.recorded()) {
      if (!bounded) {
        findings.problem(
            PROOF,
            FILE,
            "says complete, but the boundary entries that prove the span is the whole range are"
                + " missing");
      }
    } else {
      findings.problem(
          PROOF,
          FILE,
          "says complete, but a range on occurredAt cannot prove that no entry outside the span"
              + " occurred in it");
    }
  }
}
