package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.PROOF;

import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.CompactRange;
import java.security.MessageDigest;

/**
 * The {@code proof} check: proof.json and the entries rebuild the checkpoint's root. The leaves of
 * the span are, seq by seq, an entry of entries.ndjson or an excluded leaf hash, each exactly once;
 * the compact range {@code left} covers the leaves before the span, {@code right} those after it.
 * Then whether the pack may call itself {@code complete} ({@link Completeness}).
 */
final class ProofCheck {

  private static final String FILE = PackFiles.PROOF;

  private ProofCheck() {}

  /**
   * @return the proof as read, or null when it cannot be read
   */
  static ProofFile check(
      PackContents contents, StatementPredicate p, Checkpoint checkpoint, Findings findings) {
    ProofFile proof;
    try {
      proof = ProofFile.parse(contents.small.get(PackFiles.PROOF));
    } catch (IllegalArgumentException e) {
      findings.problem(PROOF, FILE, e.getMessage());
      return null;
    }
    if (checkpoint == null || contents.entries == null || p == null) {
      findings.problem(PROOF, FILE, "cannot be checked without a valid checkpoint and entries");
      return proof;
    }
    if (proof.treeSize() != checkpoint.size()) {
      findings.problem(
          PROOF,
          FILE,
          "treeSize is " + proof.treeSize() + ", the checkpoint's size is " + checkpoint.size());
      return proof;
    }
    long first = proof.firstSeq();
    long last = proof.lastSeq();
    if (first < 1 || last < first - 1 || last > proof.treeSize()) {
      findings.problem(
          PROOF,
          FILE,
          "span [" + first + ", " + last + "] is not in a tree of size " + proof.treeSize());
      return proof;
    }
    byte[] root = rebuild(proof, contents.entries.leaves, findings);
    if (root == null) {
      return proof;
    }
    if (!MessageDigest.isEqual(root, checkpoint.root())) {
      findings.problem(
          PROOF,
          FILE,
          "the entries and proof.json do not rebuild the checkpoint's root: an entry or an"
              + " excluded leaf hash was changed, removed, added or moved");
      return proof;
    }
    Completeness.check(proof, p, checkpoint, contents.entries, findings);
    findings.detail(
        PROOF,
        "seqs "
            + first
            + " to "
            + last
            + " rebuild the root of tree size "
            + proof.treeSize()
            + " ("
            + proof.excludedSeqs().size()
            + " excluded), complete: "
            + proof.complete());
    return proof;
  }

  /** The root from left, the span's leaves and right; null after naming what does not fit. */
  private static byte[] rebuild(ProofFile proof, Leaves entries, Findings findings) {
    long first = proof.firstSeq();
    long last = proof.lastSeq();
    CompactRange range;
    try {
      range = CompactRange.of(0, first - 1, proof.left());
    } catch (IllegalArgumentException e) {
      findings.problem(PROOF, FILE, "left: " + e.getMessage());
      return null;
    }
    int e = 0;
    int x = 0;
    for (long seq = first; seq <= last; seq++) {
      if (e < entries.size() && entries.seq(e) == seq) {
        range.appendLeaf(entries.hash(e++));
      } else if (x < proof.excludedSeqs().size() && proof.excludedSeqs().get(x) == seq) {
        range.appendLeaf(proof.excludedLeaves().get(x++));
      } else {
        findings.problem(
            PROOF,
            FILE,
            "seq " + seq + " of the span is neither in entries.ndjson nor listed as excluded");
        return null;
      }
    }
    if (e < entries.size()) {
      findings.problem(
          PROOF,
          FILE,
          "entries.ndjson holds seq "
              + entries.seq(e)
              + ", which is out of order or outside the span ["
              + first
              + ", "
              + last
              + "]");
      return null;
    }
    if (x < proof.excludedSeqs().size()) {
      findings.problem(
          PROOF,
          FILE,
          "excluded seq "
              + proof.excludedSeqs().get(x)
              + " is also an entry, out of order, or outside the span");
      return null;
    }
    try {
      return range.append(CompactRange.of(last, proof.treeSize(), proof.right())).root();
    } catch (IllegalArgumentException e2) {
      findings.problem(PROOF, FILE, "right: " + e2.getMessage());
      return null;
    }
  }
}
