package io.exportjobs.pack;

import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.signing.Signer;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a signed evidence pack or snapshot: README.txt, entries.ndjson, report.html (when given),
 * checkpoint and proof.json (when given), SHA256SUMS, statement.json and statement.dsse.json, in
 * that order.
 *
 * <p>Reproducible: the same inputs give the same bytes — fixed order, fixed mtime ({@link #MTIME}),
 * uid/gid 0, mode 0644, no owner names, a gzip header without time or name, and nothing from the
 * wall clock. Streaming: entries.ndjson is read once, through a 64 KiB buffer, whatever its size.
 */
public final class EvidencePackWriter {

  /**
   * The mtime of every file in every pack: 1980-01-02 00:00 (UTC in tar; in zip a DOS local time
   * that reads the same in every zone — a day after the zip epoch, so that no zone east of UTC
   * pushes it before 1980, which would add extra time fields).
   */
  public static final Instant MTIME = Instant.parse("1980-01-02T00:00:00Z");

  public static final int MODE = 0100644;
  static final int GZIP_OS_UNKNOWN = 255;
  static final int BUFFER = 64 * 1024;

  private EvidencePackWriter() {}

  /**
   * The signed checkpoint of the tenant's tree at the pinned head, and the proof of the entries
   * against it: {@code checkpoint} and {@code proof.json}.
   */
  public record TreeEvidence(String checkpoint, PackProof proof) {}

  /** A pack without checkpoint and proof (as written before proofs). */
  public static PackResult write(
      PackFormat format,
      Path entries,
      Map<String, Path> extraFiles,
      PackManifest manifest,
      Signer signer,
      OutputStream out)
      throws IOException {
    return write(format, entries, extraFiles, manifest, null, signer, out);
  }

  /**
   * @param entries entries.ndjson, already written: one LedgerEntry a line, seq order, {@code \n}
   *     after each; its line count must equal {@code manifest.entryCount()}
   * @param extraFiles optional files by archive name; only {@code report.html} is allowed
   * @param tree the checkpoint and proof.json; null for a pack without them
   */
  public static PackResult write(
      PackFormat format,
      Path entries,
      Map<String, Path> extraFiles,
      PackManifest manifest,
      TreeEvidence tree,
      Signer signer,
      OutputStream out)
      throws IOException {
    for (String name : extraFiles.keySet()) {
      if (!name.equals(PackFiles.REPORT)) {
        throw new IllegalArgumentException(
            "a pack cannot carry " + name + " as an extra file; allowed: report.html");
      }
    }
    MessageDigest archiveDigest = Digests.sha256();
    CountingOutputStream counted =
        new CountingOutputStream(
            new DigestOutputStream(PackArchive.nonClosing(out), archiveDigest));
    try (PackArchive archive = PackArchive.of(format, counted)) {
      Map<String, String> sums = new LinkedHashMap<>();
      byte[] readme =
          PackReadme.text(
                  manifest,
                  extraFiles.containsKey(PackFiles.REPORT),
                  tree == null ? null : tree.proof())
              .getBytes(StandardCharsets.UTF_8);
      archive.add(PackFiles.README, readme);
      sums.put(PackFiles.README, Digests.sha256Hex(readme));

      EntriesCopy copy = copyEntries(archive, entries);
      if (copy.lines() != manifest.entryCount()) {
        throw new IllegalArgumentException(
            "entries.ndjson has "
                + copy.lines()
                + " lines, the manifest says "
                + manifest.entryCount());
      }
      sums.put(PackFiles.ENTRIES, copy.sha256());

      Path report = extraFiles.get(PackFiles.REPORT);
      if (report != null) {
        sums.put(PackFiles.REPORT, archive.addFile(PackFiles.REPORT, report));
      }
      if (tree != null) {
        byte[] checkpoint = tree.checkpoint().getBytes(StandardCharsets.UTF_8);
        archive.add(PackFiles.CHECKPOINT, checkpoint);
        sums.put(PackFiles.CHECKPOINT, Digests.sha256Hex(checkpoint));
        byte[] proof = tree.proof().toJson();
        archive.add(PackFiles.PROOF, proof);
        sums.put(PackFiles.PROOF, Digests.sha256Hex(proof));
      }

      StringBuilder sha256sums = new StringBuilder();
      sums.forEach((name, sha) -> sha256sums.append(sha).append("  ").append(name).append('\n'));
      byte[] sumsBytes = sha256sums.toString().getBytes(StandardCharsets.UTF_8);
      archive.add(PackFiles.SHA256SUMS, sumsBytes);

      Map<String, String> subjects = new LinkedHashMap<>(sums);
      subjects.put(PackFiles.SHA256SUMS, Digests.sha256Hex(sumsBytes));
      byte[] statement = InTotoStatement.canonicalBytes(subjects, manifest);
      archive.add(PackFiles.STATEMENT, statement);
      archive.add(PackFiles.ENVELOPE, Dsse.envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, statement, signer));
    }
    return new PackResult(
        Digests.hex(archiveDigest.digest()), counted.count, manifest.entryCount());
  }

  /** {@link #write(PackFormat, Path, Map, PackManifest, Signer, OutputStream)} into a file. */
  public static PackResult write(
      PackFormat format,
      Path entries,
      Map<String, Path> extraFiles,
      PackManifest manifest,
      Signer signer,
      Path target)
      throws IOException {
    return write(format, entries, extraFiles, manifest, null, signer, target);
  }

  /** {@link #write(PackFormat, Path, Map, PackManifest, TreeEvidence, Signer, OutputStream)}. */
  public static PackResult write(
      PackFormat format,
      Path entries,
      Map<String, Path> extraFiles,
      PackManifest manifest,
      TreeEvidence tree,
      Signer signer,
      Path target)
      throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), BUFFER)) {
      return write(format, entries, extraFiles, manifest, tree, signer, out);
    }
  }

  private record EntriesCopy(String sha256, long lines) {}

  private static EntriesCopy copyEntries(PackArchive archive, Path entries) throws IOException {
    long size = Files.size(entries);
    MessageDigest digest = Digests.sha256();
    long lines = 0;
    long copied = 0;
    int last = '\n';
    OutputStream target = archive.begin(PackFiles.ENTRIES, size);
    try (InputStream in = Files.newInputStream(entries)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (copied + n > size) {
          throw new IOException("entries.ndjson grew while it was being packed");
        }
        digest.update(buffer, 0, n);
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        last = buffer[n - 1];
        target.write(buffer, 0, n);
        copied += n;
      }
    }
    if (copied != size) {
      throw new IOException("entries.ndjson shrank while it was being packed");
    }
    if (last != '\n') {
      throw new IllegalArgumentException("entries.ndjson must end with a newline");
    }
    archive.end();
    return new EntriesCopy(Digests.hex(digest.digest()), lines);
  }

  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
