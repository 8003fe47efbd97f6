package io.exportjobs.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Unpacks a downloaded tar.gz pack, as a user's {@code tar xzf} does. */
final class PackArchive {

  private PackArchive() {}

  /** Writes every file of the pack into {@code dir}; answers their bytes by name. */
  static Map<String, byte[]> extract(Path tarGz, Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Files.createDirectories(dir);
    try (InputStream raw = Files.newInputStream(tarGz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        byte[] bytes = tar.readAllBytes();
        files.put(entry.getName(), bytes);
        Files.write(dir.resolve(entry.getName()), bytes);
      }
    }
    return files;
  }
}
