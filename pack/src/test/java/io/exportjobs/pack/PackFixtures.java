package io.exportjobs.pack;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.signing.Signer;
import io.exportjobs.pack.verify.PublicKeys;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** Chained ledger entries, manifests, a signing key and archive surgery for the pack tests. */
public final class PackFixtures {

  public static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  public static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

  private PackFixtures() {}

  /** A signer with its public key. */
  public record TestKey(Signer signer, PublicKey publicKey) {
    public static TestKey generate() {
      KeyPair pair = Ed25519Keys.generate();
      String id = Ed25519Keys.keyId(pair.getPublic());
      Signer signer =
          new Signer() {
            @Override
            public String keyId() {
              return id;
            }

            @Override
            public byte[] sign(byte[] message) {
              return Ed25519Keys.sign(pair.getPrivate(), message);
            }
          };
      return new TestKey(signer, pair.getPublic());
    }

    public PublicKeys lookup() {
      return PublicKeys.byId(Map.of(signer.keyId(), publicKey));
    }
  }

  /** A correctly chained ledger of {@code count} entries from seq 1, occurring inside the range. */
  public static List<LedgerEntry> ledger(int count) {
    List<LedgerEntry> out = new ArrayList<>();
    String prev = ChainHead.GENESIS_HASH;
    for (int i = 1; i <= count; i++) {
      Instant occurredAt = FROM.plusSeconds(3600L * i);
      Instant recordedAt = occurredAt.plusMillis(250);
      Outcome outcome =
          i % 7 == 0 ? Outcome.DENIED : i % 5 == 0 ? Outcome.FAILURE : Outcome.SUCCESS;
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("ip", "10.0.0." + (i % 250));
      attributes.put("n", i);
      attributes.put("note", "ünïcödé \"quoted\" / line\\break");
      String hash =
          LedgerHasher.hash(
              prev,
              i,
              occurredAt,
              recordedAt,
              "user-" + (i % 3),
              "document.read",
              "doc/" + i,
              outcome,
              attributes);
      out.add(
          new LedgerEntry(
              i,
              occurredAt,
              recordedAt,
              "user-" + (i % 3),
              "document.read",
              "doc/" + i,
              outcome,
              attributes,
              prev,
              hash));
      prev = hash;
    }
    return out;
  }

  public static List<LedgerEntry> only(List<LedgerEntry> ledger, LongPredicate seq) {
    return ledger.stream().filter(e -> seq.test(e.seq())).toList();
  }

  public static Path writeNdjson(Path file, List<LedgerEntry> entries) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (LedgerEntry e : entries) {
        w.write(Json.write(e));
        w.write('\n');
      }
    }
    return file;
  }

  public static PackManifest manifest(PackType type, List<LedgerEntry> entries, ChainHead head) {
    return new PackManifest(
        "demo",
        "exp-demo-01JTESTPACK",
        type,
        type == PackType.SNAPSHOT
            ? new PackManifest.Range(null, TO)
            : new PackManifest.Range(FROM, TO),
        PackManifest.Filters.none(),
        entries.size(),
        entries.isEmpty() ? null : entries.get(0).seq(),
        entries.isEmpty() ? null : entries.get(entries.size() - 1).seq(),
        head,
        new PackManifest.Generator("exportjobs", "test"));
  }

  public static ChainHead headOf(List<LedgerEntry> ledger) {
    LedgerEntry last = ledger.get(ledger.size() - 1);
    return new ChainHead(last.seq(), last.hash());
  }

  /** Every file of an archive, in order (small test archives only). */
  public static LinkedHashMap<String, byte[]> read(Path archive, PackFormat format)
      throws IOException {
    LinkedHashMap<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream raw = Files.newInputStream(archive);
        ArchiveInputStream<? extends ArchiveEntry> in =
            format == PackFormat.TAR_GZ
                ? new TarArchiveInputStream(new GzipCompressorInputStream(raw))
                : new ZipArchiveInputStream(raw)) {
      ArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        files.put(entry.getName(), bytes.toByteArray());
      }
    }
    return files;
  }

  /** Writes {@code files} as an archive again (plain commons-compress, not the pack writer). */
  public static Path write(Path archive, PackFormat format, Map<String, byte[]> files)
      throws IOException {
    try (OutputStream raw = Files.newOutputStream(archive)) {
      if (format == PackFormat.TAR_GZ) {
        GzipParameters gzip = new GzipParameters();
        gzip.setOperatingSystem(255);
        try (TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(raw, gzip))) {
          for (Map.Entry<String, byte[]> f : files.entrySet()) {
            TarArchiveEntry e = new TarArchiveEntry(f.getKey());
            e.setSize(f.getValue().length);
            tar.putArchiveEntry(e);
            tar.write(f.getValue());
            tar.closeArchiveEntry();
          }
        }
      } else {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(raw)) {
          for (Map.Entry<String, byte[]> f : files.entrySet()) {
            zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
            zip.write(f.getValue());
            zip.closeArchiveEntry();
          }
        }
      }
    }
    return archive;
  }
}
