package io.exportjobs.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * {@code --previous PACK_OR_CHECKPOINT}: the previous pack of an incremental schedule (a .tar.gz or
 * .zip, whose {@code checkpoint} file is read) or that checkpoint itself, a signed note.
 */
final class PreviousCheckpoint {

  private static final int MAX = 64 * 1024;

  private PreviousCheckpoint() {}

  static String read(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(2);
    }
    if (head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(file)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          if (entry.getName().equals("checkpoint")) {
            return text(tar.readNBytes(MAX));
          }
        }
      }
      throw new IOException(file + " holds no checkpoint");
    }
    if (head.length == 2 && head[0] == 'P' && head[1] == 'K') {
      try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
        ZipArchiveEntry entry = zip.getEntry("checkpoint");
        if (entry == null) {
          throw new IOException(file + " holds no checkpoint");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          return text(in.readNBytes(MAX));
        }
      }
    }
    if (Files.size(file) > MAX) {
      throw new IOException(file + " is too large to be a checkpoint");
    }
    return text(Files.readAllBytes(file));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
