package io.exportjobs.pack.verify;

import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.verify.PackVerification.ProofSummary;
import io.exportjobs.pack.verify.PackVerification.SignatureCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies an evidence pack or snapshot offline: the container, the file set, SHA256SUMS, the
 * statement's subjects, the DSSE envelope and its Ed25519 signature, and entries.ndjson against the
 * signed predicate (count, first and last seq, every hash recomputed, every link where seqs are
 * consecutive, the ledger head, the range; for a snapshot also gap-free from seq 1).
 *
 * <p>Each problem names the file that is wrong. Digests are compared against the signed statement
 * first, so a changed file is blamed, not the list that still holds its old digest. Memory stays
 * bounded: entries.ndjson and report.html are streamed, the other files are small (at most 4 MiB).
 *
 * <p>One class per check, run in this order: {@link ArchiveCheck} (reads every file once), {@link
 * FileSetCheck}, {@link EnvelopeCheck} (envelope and signature), {@link StatementCheck}, {@link
 * SumsCheck}, {@link EntriesAgainstStatement} and {@link HeadAndRangeCheck}; {@link Findings}
 * collects what they find.
 */
public final class PackVerifier {

  /** The gzip header {@link EvidencePackWriter} writes: deflate, no flags, mtime 0, OS unknown. */
  static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  static final String ARCHIVE = "archive";
  static final String FILES = "files";
  static final String SUMS = "SHA256SUMS";
  static final String STATEMENT = "statement";
  static final String ENVELOPE = "envelope";
  static final String SIGNATURE = "signature";
  static final String ENTRIES = "entries";
  static final String CHAIN = "hash chain";
  static final String HEAD = "ledger head";
  static final String RANGE = "range";
  static final String CHECKPOINT = "checkpoint";
  static final String PROOF = "proof";
  static final String PREVIOUS = "previous";

  /** The checks in the order they are reported. */
  static final List<String> CHECKS =
      List.of(
          ARCHIVE,
          FILES,
          SUMS,
          STATEMENT,
          ENVELOPE,
          SIGNATURE,
          ENTRIES,
          CHAIN,
          HEAD,
          RANGE,
          CHECKPOINT,
          PROOF,
          PREVIOUS);

  private PackVerifier() {}

  /**
   * @param keys the public keys the reader trusts: the service's (all of them, the rotated ones
   *     too), or the keys a user passed on the command line
   */
  public static PackVerification verify(Path archive, PublicKeys keys) {
    return verify(archive, keys, null);
  }

  /**
   * @param previous the signed checkpoint of the previous pack of an incremental schedule, as the
   *     user holds it (its {@code checkpoint} file); null to check proof.json's own previous only
   */
  public static PackVerification verify(Path archive, PublicKeys keys, String previous) {
    Findings findings = new Findings();
    PackContents contents = new PackContents(archive.getFileName().toString());
    String sha256 = null;
    boolean readable;
    try {
      sha256 = sha256Of(archive);
      readable = ArchiveCheck.read(archive, contents, findings);
    } catch (IOException | RuntimeException e) {
      readable = false;
      findings.problem(
          ARCHIVE,
          contents.archiveName,
          "cannot be read as an archive: "
              + describe(e)
              + "; a damaged archive cannot be verified further");
    }
    SignatureCheck signature = null;
    ProofSummary proof = null;
    if (readable) {
      FileSetCheck.check(contents, findings);
      EnvelopeCheck.Result envelope = new EnvelopeCheck(keys, findings).check(contents);
      signature = envelope.signature();
      StatementCheck.Result statement =
          StatementCheck.check(envelope.statement(), contents, findings);
      SumsCheck.check(contents, statement.subjects(), findings);
      EntriesAgainstStatement.check(contents.entries, statement.predicate(), findings);
      proof = proveEntries(contents, statement.predicate(), signature, keys, previous, findings);
    } else {
      CHECKS.stream().filter(c -> !c.equals(ARCHIVE)).forEach(findings::notChecked);
    }
    Long entryCount = contents.entries == null ? null : contents.entries.lines;
    return findings.result(sha256, entryCount, signature, proof);
  }

  /** The checkpoint and proof checks; a pack written before proofs carries neither. */
  private static ProofSummary proveEntries(
      PackContents contents,
      StatementPredicate predicate,
      SignatureCheck signature,
      PublicKeys keys,
      String previous,
      Findings findings) {
    if (!contents.seen.contains(PackFiles.CHECKPOINT) && !contents.seen.contains(PackFiles.PROOF)) {
      findings.detail(CHECKPOINT, "none: a pack written before checkpoints");
      findings.detail(PROOF, "none: this pack does not prove its entries against the ledger");
      if (previous != null) {
        findings.problem(PREVIOUS, PackFiles.PROOF, "is missing, so no previous can be checked");
      } else {
        findings.detail(PREVIOUS, "none");
      }
      return null;
    }
    Checkpoint checkpoint = CheckpointCheck.check(contents, predicate, signature, keys, findings);
    if (!contents.seen.contains(PackFiles.PROOF)) {
      findings.problem(PROOF, PackFiles.PROOF, "is missing while checkpoint is there");
      findings.notChecked(PREVIOUS);
      return new ProofSummary(false, checkpoint == null ? 0 : checkpoint.size(), false);
    }
    ProofFile proof = ProofCheck.check(contents, predicate, checkpoint, findings);
    PreviousCheck.check(proof, checkpoint, signature, keys, previous, findings);
    boolean valid =
        findings.passed(CHECKPOINT) && findings.passed(PROOF) && findings.passed(PREVIOUS);
    return new ProofSummary(
        valid,
        checkpoint != null ? checkpoint.size() : proof == null ? 0 : proof.treeSize(),
        valid && proof != null && proof.complete());
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest md = Digests.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Digests.hex(md.digest());
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
