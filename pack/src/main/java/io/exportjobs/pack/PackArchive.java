package io.exportjobs.pack;

import static io.exportjobs.pack.EvidencePackWriter.GZIP_OS_UNKNOWN;
import static io.exportjobs.pack.EvidencePackWriter.MODE;
import static io.exportjobs.pack.EvidencePackWriter.MTIME;

import io.exportjobs.pack.json.Digests;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * The archive a pack is written into, tar.gz or zip, with the fixed metadata that makes it
 * reproducible ({@link EvidencePackWriter#MTIME}, mode 0644, uid/gid 0, no owner names, a gzip
 * header without time or name). Files are added whole ({@link #add}) or streamed ({@link #begin}).
 */
abstract class PackArchive implements AutoCloseable {

  static PackArchive of(PackFormat format, OutputStream out) throws IOException {
    return format == PackFormat.TAR_GZ ? new TarGz(out) : new Zip(out);
  }

  abstract OutputStream begin(String name, long size) throws IOException;

  abstract void end() throws IOException;

  void add(String name, byte[] bytes) throws IOException {
    begin(name, bytes.length).write(bytes);
    end();
  }

  String addFile(String name, Path file) throws IOException {
    MessageDigest digest = Digests.sha256();
    long size = Files.size(file);
    OutputStream target = begin(name, size);
    long copied;
    try (InputStream in = Files.newInputStream(file)) {
      copied = in.transferTo(new DigestOutputStream(nonClosing(target), digest));
    }
    if (copied != size) {
      throw new IOException(name + " changed while it was being packed");
    }
    end();
    return Digests.hex(digest.digest());
  }

  @Override
  public abstract void close() throws IOException;

  private static final class TarGz extends PackArchive {
    private final TarArchiveOutputStream tar;

    TarGz(OutputStream out) throws IOException {
      // level 6, as gzip's default; no name or time in the header; blocks deflated on all cores
      tar =
          new TarArchiveOutputStream(
              new BlockGzipOutputStream(out, 6, GZIP_OS_UNKNOWN), StandardCharsets.UTF_8.name());
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
      tar.setAddPaxHeadersForNonAsciiNames(false);
    }

    @Override
    OutputStream begin(String name, long size) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(size);
      entry.setMode(MODE);
      entry.setModTime(MTIME.toEpochMilli());
      entry.setUserId(0);
      entry.setGroupId(0);
      entry.setUserName("");
      entry.setGroupName("");
      tar.putArchiveEntry(entry);
      return nonClosing(tar);
    }

    @Override
    void end() throws IOException {
      tar.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
      tar.close();
    }
  }

  private static final class Zip extends PackArchive {
    private final ZipArchiveOutputStream zip;

    Zip(OutputStream out) {
      zip = new ZipArchiveOutputStream(out);
      zip.setEncoding(StandardCharsets.UTF_8.name());
      zip.setUseLanguageEncodingFlag(true);
      zip.setMethod(ZipArchiveOutputStream.DEFLATED);
      zip.setLevel(6);
    }

    @Override
    OutputStream begin(String name, long size) throws IOException {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setMethod(ZipArchiveEntry.DEFLATED);
      entry.setSize(size);
      // DOS times are local times: the epoch millis that read as 1980-01-02 00:00 in this JVM's
      // zone now, so the stored fields are the same in every zone
      entry.setTime(
          LocalDateTime.ofInstant(MTIME, ZoneOffset.UTC)
              .atZone(ZoneId.systemDefault())
              .toInstant()
              .toEpochMilli());
      entry.setUnixMode(MODE);
      zip.putArchiveEntry(entry);
      return nonClosing(zip);
    }

    @Override
    void end() throws IOException {
      zip.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }

  static OutputStream nonClosing(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }
}
