package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.PROOF;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.ProofVerifier;
import io.exportjobs.pack.tlog.TreeHashes;
import java.time.Instant;

/**
 * The boundary entries of a {@code recorded} range's proof: the entry just before the span and the
 * one just after it, each with its hash recomputed from its contents, its inclusion proof in the
 * checkpoint's tree, and its recordedAt outside the range. Since recordedAt never decreases along
 * seq, they prove that the span holds every entry recorded in the range.
 */
final class BoundaryCheck {

  private static final String FILE = PackFiles.PROOF;

  private BoundaryCheck() {}

  /** Whether both boundaries the span needs are there and check out (before: none at seq 1). */
  static boolean check(
      ProofFile proof, StatementPredicate p, Checkpoint checkpoint, Findings findings) {
    boolean ok = true;
    if (proof.before() != null) {
      ok &= entry(proof.before(), proof.firstSeq() - 1, checkpoint, findings, "before");
      Instant at = recordedAt(proof.before().entry());
      if (at != null && p.from() != null && !at.isBefore(p.from())) {
        findings.problem(PROOF, FILE, "boundary.before was recorded in the range, at " + at);
        ok = false;
      }
    } else if (proof.firstSeq() > 1) {
      ok = false;
    }
    if (proof.after() != null) {
      ok &= entry(proof.after(), proof.lastSeq() + 1, checkpoint, findings, "after");
      Instant at = recordedAt(proof.after().entry());
      if (at != null && p.to() != null && at.isBefore(p.to())) {
        findings.problem(PROOF, FILE, "boundary.after was recorded in the range, at " + at);
        ok = false;
      }
    } else {
      ok = false;
    }
    return ok;
  }

  private static boolean entry(
      ProofFile.Bounded b, long seq, Checkpoint checkpoint, Findings findings, String which) {
    ObjectNode e = b.entry();
    String where = "boundary." + which;
    try {
      long actual = e.path("seq").asLong(-1);
      if (actual != seq) {
        findings.problem(PROOF, FILE, where + " is seq " + actual + ", not " + seq);
        return false;
      }
      String hash = e.path("hash").textValue();
      if (hash == null || !hash.equals(LedgerHasher.hash(e.path("prevHash").textValue(), e))) {
        findings.problem(PROOF, FILE, where + ": hash does not match the entry's contents");
        return false;
      }
      ProofVerifier.verifyInclusion(
          seq - 1,
          checkpoint.size(),
          TreeHashes.leafOfEntry(hash),
          b.inclusion(),
          checkpoint.root());
      return true;
    } catch (RuntimeException ex) {
      findings.problem(PROOF, FILE, where + ": " + ex.getMessage());
      return false;
    }
  }

  private static Instant recordedAt(ObjectNode e) {
    try {
      return Instant.parse(e.path("recordedAt").asText());
    } catch (RuntimeException ex) {
      return null;
    }
  }
}
