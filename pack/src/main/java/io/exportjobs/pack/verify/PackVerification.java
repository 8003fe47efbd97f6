package io.exportjobs.pack.verify;

import java.util.List;

/**
 * The outcome of {@link PackVerifier#verify}.
 *
 * @param valid every check passed
 * @param sha256 lower-case hex SHA-256 of the archive file (compare with the job's artifact.sha256)
 * @param entryCount lines of entries.ndjson, null when it could not be read
 * @param signature the DSSE signature that was checked, null when the envelope has none
 * @param proof the Merkle proof of the entries against the pack's checkpoint, null when the pack
 *     carries none (a pack written before proofs)
 * @param checks one line per check, in the order they are reported
 * @param problems what is wrong, each naming a file of the pack (or the archive itself)
 */
public record PackVerification(
    boolean valid,
    String sha256,
    Long entryCount,
    SignatureCheck signature,
    ProofSummary proof,
    List<Check> checks,
    List<Problem> problems) {

  /**
   * @param keyId the envelope's keyid
   * @param algorithm {@code ed25519}
   * @param valid the signature verifies with the public key of that id
   */
  public record SignatureCheck(String keyId, String algorithm, boolean valid) {}

  /**
   * @param valid the checkpoint's signature and the proof check out
   * @param treeSize the checkpoint's tree size
   * @param complete the pack proves that it holds every entry of its range
   */
  public record ProofSummary(boolean valid, long treeSize, boolean complete) {}

  /** One check and whether it passed, with what it covered. */
  public record Check(String name, boolean ok, String detail) {}

  /**
   * @param check the {@link Check#name()} it belongs to
   * @param file a file of the pack, or the archive's own name for problems of the container
   * @param message what is wrong
   */
  public record Problem(String check, String file, String message) {}
}
