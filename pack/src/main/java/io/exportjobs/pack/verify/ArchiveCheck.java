package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.ARCHIVE;
import static io.exportjobs.pack.verify.PackVerifier.FILES;
import static io.exportjobs.pack.verify.PackVerifier.GZIP_HEADER;

import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.json.Digests;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The {@code archive} check: reads the container once (a tar.gz to the end of its gzip stream, so
 * that the CRC and length are checked too, or a zip), and each file in it as it passes:
 * entries.ndjson line by line ({@link EntriesCheck}), report.html into its digest, the other files
 * whole (at most {@link #MAX_SMALL_FILE} bytes). A file that is not a pack's, or appears twice, is
 * a {@code files} problem.
 */
final class ArchiveCheck {

  static final int MAX_SMALL_FILE = 4 << 20;

  private final Path archive;
  private final PackContents contents;
  private final Findings findings;

  private ArchiveCheck(Path archive, PackContents contents, Findings findings) {
    this.archive = archive;
    this.contents = contents;
    this.findings = findings;
  }

  /**
   * Fills {@code contents} from {@code archive}.
   *
   * @return false when the archive could not be read at all
   * @throws IOException when reading fails part way (a damaged archive)
   */
  static boolean read(Path archive, PackContents contents, Findings findings) throws IOException {
    return new ArchiveCheck(archive, contents, findings).read();
  }

  private boolean read() throws IOException {
    byte[] head = new byte[GZIP_HEADER.length];
    int n;
    try (InputStream in = Files.newInputStream(archive)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
      if (n < head.length || !Arrays.equals(head, GZIP_HEADER)) {
        findings.problem(
            ARCHIVE,
            contents.archiveName,
            "gzip header is not the one packs are written with (mtime 0, no name, no flags)");
      }
      readTarGz();
      findings.detail(ARCHIVE, "tar.gz, " + contents.seen.size() + " files");
    } else if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      readZip();
      findings.detail(ARCHIVE, "zip, " + contents.seen.size() + " files");
    } else {
      findings.problem(ARCHIVE, contents.archiveName, "is neither a tar.gz nor a zip archive");
      return false;
    }
    return true;
  }

  private void readTarGz() throws IOException {
    try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        GzipCompressorInputStream gzip =
            GzipCompressorInputStream.builder()
                .setInputStream(raw)
                .setDecompressConcatenated(false)
                .get()) {
      TarArchiveInputStream tar = new TarArchiveInputStream(gzip, StandardCharsets.UTF_8.name());
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        accept(entry.getName(), entry.isFile(), tar);
      }
      // read to the end of the gzip stream, so that its CRC and length are checked too
      byte[] rest = new byte[8192];
      boolean trailingData = false;
      int r;
      while ((r = gzip.read(rest)) > 0) {
        for (int i = 0; i < r && !trailingData; i++) {
          trailingData = rest[i] != 0;
        }
      }
      if (trailingData) {
        findings.problem(
            ARCHIVE, contents.archiveName, "holds data after the end of the tar archive");
      }
      if (raw.read() != -1) {
        findings.problem(
            ARCHIVE, contents.archiveName, "holds bytes after the end of the gzip stream");
      }
    }
  }

  private void readZip() throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
      while (all.hasMoreElements()) {
        ZipArchiveEntry entry = all.nextElement();
        boolean regular = !entry.isDirectory() && !entry.isUnixSymlink();
        if (regular && !zip.canReadEntryData(entry)) {
          findings.problem(
              FILES, entry.getName(), "is stored with a method the verifier cannot read");
          continue;
        }
        try (InputStream in = regular ? zip.getInputStream(entry) : InputStream.nullInputStream()) {
          accept(entry.getName(), regular, in);
        }
      }
    }
  }

  private void accept(String name, boolean regular, InputStream in) throws IOException {
    if (name == null || name.isBlank()) {
      // a damaged deflate stream can inflate into a header without a name: blame the archive
      findings.problem(
          ARCHIVE, contents.archiveName, "holds an entry without a name: the archive is damaged");
      in.transferTo(OutputStream.nullOutputStream());
      return;
    }
    if (!regular) {
      findings.problem(FILES, name, "is not a regular file");
      return;
    }
    if (!contents.seen.add(name)) {
      findings.problem(FILES, name, "appears more than once in the archive");
      in.transferTo(OutputStream.nullOutputStream());
      return;
    }
    if (!PackFiles.REQUIRED.contains(name) && !PackFiles.OPTIONAL.contains(name)) {
      findings.problem(FILES, name, "is not a file of an evidence pack");
      in.transferTo(OutputStream.nullOutputStream());
      return;
    }
    if (name.equals(PackFiles.ENTRIES)) {
      contents.entries = new EntriesCheck();
      contents.entries.read(in);
      contents.actual.put(name, contents.entries.sha256);
    } else if (name.equals(PackFiles.REPORT)) {
      MessageDigest md = Digests.sha256();
      new DigestInputStream(in, md).transferTo(OutputStream.nullOutputStream());
      contents.actual.put(name, Digests.hex(md.digest()));
    } else {
      byte[] bytes = in.readNBytes(MAX_SMALL_FILE + 1);
      if (bytes.length > MAX_SMALL_FILE) {
        findings.problem(FILES, name, "is larger than " + MAX_SMALL_FILE + " bytes");
        in.transferTo(OutputStream.nullOutputStream());
        return;
      }
      contents.small.put(name, bytes);
      contents.actual.put(name, Digests.sha256Hex(bytes));
    }
  }
}
