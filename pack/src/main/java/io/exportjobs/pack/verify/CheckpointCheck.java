package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.CHECKPOINT;

import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.NoteKey;
import io.exportjobs.pack.verify.PackVerification.SignatureCheck;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The {@code checkpoint} check: the signed note opens with the key that signed the pack (the note
 * key's name is the checkpoint's origin), the origin is the statement's tenant's ledger, and the
 * tree size is the ledger head the statement names: the head the export pinned.
 */
final class CheckpointCheck {

  private CheckpointCheck() {}

  /** The opened checkpoint, or null when it is missing or does not verify. */
  static Checkpoint check(
      PackContents contents,
      StatementPredicate p,
      SignatureCheck signature,
      PublicKeys keys,
      Findings findings) {
    byte[] bytes = contents.small.get(PackFiles.CHECKPOINT);
    String file = PackFiles.CHECKPOINT;
    if (bytes == null) {
      findings.problem(CHECKPOINT, file, "is missing while proof.json is there");
      return null;
    }
    String note = new String(bytes, StandardCharsets.UTF_8);
    try {
      int end = note.indexOf("\n\n");
      if (end < 0) {
        findings.problem(
            CHECKPOINT, file, "is not a signed note (no blank line before signatures)");
        return null;
      }
      String origin = Checkpoint.parse(note.substring(0, end + 1)).origin();
      if (p == null || !origin.endsWith("/" + p.tenant())) {
        findings.problem(
            CHECKPOINT,
            file,
            "is of log "
                + origin
                + ", not of the ledger of tenant "
                + (p == null ? "(unknown)" : p.tenant()));
        return null;
      }
      Optional<PublicKey> key = signature == null ? Optional.empty() : keys.byId(signature.keyId());
      if (key.isEmpty()) {
        findings.problem(
            CHECKPOINT, file, "cannot be checked: no public key of the pack's signing key");
        return null;
      }
      Checkpoint checkpoint = Checkpoint.open(note, origin, List.of(NoteKey.of(origin, key.get())));
      if (checkpoint.size() != p.headSeq()) {
        findings.problem(
            CHECKPOINT,
            file,
            "is of tree size "
                + checkpoint.size()
                + ", but the statement's ledger head is seq "
                + p.headSeq());
        return null;
      }
      findings.detail(
          CHECKPOINT,
          origin + ", tree size " + checkpoint.size() + ", signed by " + signature.keyId());
      return checkpoint;
    } catch (RuntimeException e) {
      findings.problem(CHECKPOINT, file, e.getMessage());
      return null;
    }
  }
}
