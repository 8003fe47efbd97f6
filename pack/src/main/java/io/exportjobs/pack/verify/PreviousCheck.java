package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.PREVIOUS;

import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.NoteKey;
import io.exportjobs.pack.tlog.ProofVerifier;
import io.exportjobs.pack.verify.PackVerification.SignatureCheck;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code previous} check of an incremental schedule's pack: proof.json's previous checkpoint
 * opens with one of the keys the reader trusts (the previous run may have been signed by a key
 * rotated out since, so every key is tried, the pack's own first), the pack starts right after it
 * (no gap, no overlap), and the consistency proof leads from it to this pack's checkpoint, so the
 * ledger only grew between the two. Given the previous pack (or its checkpoint) as the user holds
 * it, that checkpoint must be the one proof.json names.
 */
final class PreviousCheck {

  private static final String FILE = PackFiles.PROOF;

  private PreviousCheck() {}

  /**
   * @param expected the previous checkpoint the user holds, null when none was given
   */
  static void check(
      ProofFile proof,
      Checkpoint checkpoint,
      SignatureCheck signature,
      PublicKeys keys,
      String expected,
      Findings findings) {
    if (proof == null || checkpoint == null) {
      findings.notChecked(PREVIOUS);
      return;
    }
    if (proof.previousCheckpoint() == null) {
      if (expected != null) {
        findings.problem(PREVIOUS, FILE, "names no previous checkpoint, but one was given");
      } else {
        findings.detail(PREVIOUS, "none: not a run of an incremental schedule");
      }
      return;
    }
    try {
      String origin = checkpoint.origin();
      List<NoteKey> trusted = noteKeys(origin, signature, keys);
      if (trusted.isEmpty()) {
        findings.problem(PREVIOUS, FILE, "cannot be checked: no public key was given");
        return;
      }
      Checkpoint before = Checkpoint.open(proof.previousCheckpoint(), origin, trusted);
      if (expected != null) {
        Checkpoint given = Checkpoint.parse(expected.substring(0, expected.indexOf("\n\n") + 1));
        if (!given.equals(before)) {
          findings.problem(
              PREVIOUS,
              FILE,
              "the previous checkpoint is of size "
                  + before.size()
                  + ", not the one given (size "
                  + given.size()
                  + ")");
          return;
        }
      }
      if (before.size() != proof.firstSeq() - 1) {
        findings.problem(
            PREVIOUS,
            FILE,
            "the previous pack ended at seq "
                + before.size()
                + " but this one starts at seq "
                + proof.firstSeq()
                + ": a gap or an overlap");
      }
      ProofVerifier.verifyConsistency(
          before.size(),
          checkpoint.size(),
          before.root(),
          checkpoint.root(),
          proof.previousConsistency());
      findings.detail(
          PREVIOUS,
          "the tree of size "
              + checkpoint.size()
              + " extends the previous one of size "
              + before.size()
              + (expected == null ? "" : ", the one given"));
    } catch (RuntimeException e) {
      findings.problem(PREVIOUS, FILE, "previous: " + e.getMessage());
    }
  }

  /** The pack's own key first, then every other key given, each as a note key of the log. */
  private static List<NoteKey> noteKeys(String origin, SignatureCheck signature, PublicKeys keys) {
    List<NoteKey> noteKeys = new ArrayList<>();
    Optional<PublicKey> own = signature == null ? Optional.empty() : keys.byId(signature.keyId());
    own.ifPresent(k -> noteKeys.add(NoteKey.of(origin, k)));
    for (PublicKey k : keys.all()) {
      if (own.isEmpty() || !own.get().equals(k)) {
        noteKeys.add(NoteKey.of(origin, k));
      }
    }
    return noteKeys;
  }
}
