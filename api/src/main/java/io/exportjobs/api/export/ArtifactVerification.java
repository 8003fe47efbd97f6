package io.exportjobs.api.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.verify.PackVerification;
import io.exportjobs.pack.verify.PackVerifier;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.artifact.ArtifactStore;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.StoredJob;
import io.exportjobs.shared.signing.SigningKeys;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code GET /exports/{id}/verification}: checks the stored artifact itself, not what the job index
 * says about it. Every artifact is digested again and compared with the recorded sha256; evidence
 * packs and snapshots are also opened and verified like the offline verifier does (digests, DSSE
 * signature with the service's public keys, entry count, each entry's hash and chain link, the
 * checkpoint's signature and the Merkle proof of the entries against it).
 */
@Component
class ArtifactVerification {

  /** The answer: the contract's fields, plus what is wrong when something is. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @Schema(name = "ArtifactVerification")
  record Result(
      boolean valid,
      String sha256,
      Long entryCount,
      Signature signature,
      Proof proof,
      List<Problem> problems) {}

  /** The Merkle proof of a pack's entries against its checkpoint; null for other artifacts. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "ProofCheck")
  record Proof(boolean valid, long treeSize, boolean complete) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "SignatureCheck")
  record Signature(String keyId, String algorithm, boolean valid) {}

  @Schema(name = "VerificationProblem")
  record Problem(String file, String message) {}

  private final ArtifactStores stores;
  private final SigningKeys keys;

  ArtifactVerification(ArtifactStores stores, SigningKeys keys) {
    this.stores = stores;
    this.keys = keys;
  }

  Result verify(StoredJob stored) {
    StoredArtifact found = StoredArtifact.of(stored, stores);
    ExportJob job = found.job();
    ArtifactLocation location = found.location();
    ArtifactStore store = found.store();
    String recorded = job.artifact().sha256();
    Path copy = null;
    try {
      boolean pack = job.type().isPack();
      MessageDigest digest = Digests.sha256();
      // a pack is read twice (zip needs random access): copy it once, from any store
      if (pack) {
        copy = Files.createTempFile("exportjobs-verify-", "." + job.format().extension());
      }
      try (InputStream in =
              new DigestInputStream(store.resource(location.key()).getInputStream(), digest);
          OutputStream out =
              copy == null ? OutputStream.nullOutputStream() : Files.newOutputStream(copy)) {
        in.transferTo(out);
      }
      String actual = Digests.hex(digest.digest());
      List<Problem> problems = new ArrayList<>();
      if (!actual.equals(recorded)) {
        problems.add(
            new Problem(
                job.artifact().fileName(),
                "sha256 is " + actual + ", the job recorded " + recorded));
      }
      if (!pack) {
        return new Result(
            problems.isEmpty(), actual, job.artifact().entryCount(), null, null, problems);
      }
      PackVerification checked = PackVerifier.verify(copy, keys.trusted());
      for (PackVerification.Problem p : checked.problems()) {
        problems.add(new Problem(p.file(), p.message()));
      }
      Signature signature =
          checked.signature() == null
              ? null
              : new Signature(
                  checked.signature().keyId(),
                  checked.signature().algorithm(),
                  checked.signature().valid());
      Proof proof =
          checked.proof() == null
              ? null
              : new Proof(
                  checked.proof().valid(), checked.proof().treeSize(), checked.proof().complete());
      return new Result(
          problems.isEmpty() && checked.valid(),
          actual,
          checked.entryCount(),
          signature,
          proof,
          problems);
    } catch (IOException e) {
      throw ApiException.unavailable("the artifact store is unavailable");
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException ignored) {
          // a temp file left behind is not worth failing the answer for
        }
      }
    }
  }
}
