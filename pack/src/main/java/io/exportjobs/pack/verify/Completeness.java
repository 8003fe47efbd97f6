package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.PROOF;

import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.tlog.Checkpoint;

/**
 * Whether a pack may say {@code complete: true}: it holds every entry of its range. A snapshot must
 * span the whole tree; an {@code occurred} range never can (occurredAt is not ordered with seq); no
 * filtered pack can (the verifier cannot see that an excluded leaf did not match).
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
    if (!proof.complete()) {
      return;
    }
    if (p.filtered() || !proof.excludedSeqs().isEmpty()) {
      findings.problem(PROOF, FILE, "says complete, but entries were filtered out or excluded");
    } else if (!p.snapshot()) {
      findings.problem(
          PROOF,
          FILE,
          "says complete, but a range on occurredAt cannot prove that no entry outside the span"
              + " occurred in it");
    }
  }
}
