package io.exportjobs.pack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.exportjobs.pack.PackFixtures.TestKey;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.json.Timestamps;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.verify.PackVerification;
import io.exportjobs.pack.verify.PackVerifier;
import io.exportjobs.pack.verify.PublicKeys;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make bench}: an evidence pack (tar.gz) of 1,000,000 entries beside {@code gzip -6} of the
 * same entries.ndjson, in one run; then the same pack written and verified again in a JVM limited
 * to a 64 MiB heap, which shows that memory does not grow with the entries. Figures are printed,
 * not asserted. {@code -Dbench.packEntries=N} changes the count.
 */
@Tag("bench")
class EvidencePackBenchmark {

  @TempDir Path dir;

  @Test
  void evidencePackOfAMillionEntriesBesideGzip() throws Exception {
    int count = Integer.getInteger("bench.packEntries", 1_000_000);
    Path entries = dir.resolve("entries.ndjson");
    long t0 = System.nanoTime();
    ChainHead head = writeChainedEntries(entries, count);
    double generate = seconds(t0);
    long ndjsonBytes = Files.size(entries);
    System.out.printf(
        "BENCH pack setup: %,d chained entries (LedgerHasher), %,d bytes of entries.ndjson in %.1f s%n",
        count, ndjsonBytes, generate);

    TestKey key = TestKey.generate();
    PackManifest manifest =
        new PackManifest(
            "bench",
            "exp-bench-pack",
            PackType.EVIDENCE_PACK,
            new PackManifest.Range(
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")),
            PackManifest.Filters.none(),
            count,
            1L,
            (long) count,
            head,
            null);
    Path pack = dir.resolve("pack.tar.gz");
    long t1 = System.nanoTime();
    PackResult result =
        EvidencePackWriter.write(
            PackFormat.TAR_GZ, entries, Map.of(), manifest, key.signer(), pack);
    double write = seconds(t1);

    long t2 = System.nanoTime();
    Process gzip =
        new ProcessBuilder("bash", "-c", "gzip -6 -c \"$1\" | wc -c", "gzip", entries.toString())
            .redirectErrorStream(true)
            .start();
    String gzipOut =
        new String(gzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(gzip.waitFor()).isZero();
    double gzipSeconds = seconds(t2);
    long gzipBytes = Long.parseLong(gzipOut);

    long t3 = System.nanoTime();
    PackVerification verification = PackVerifier.verify(pack, key.lookup());
    double verify = seconds(t3);
    assertThat(verification.problems()).isEmpty();

    System.out.printf(
        "BENCH evidence_pack tar.gz, %,d entries: write %.2f s (%,.0f entries/s), %,d bytes%n"
            + "BENCH   gzip -6 -c entries.ndjson (same run): %.2f s, %,d bytes%n"
            + "BENCH   ratio pack / gzip -6: time %.2f, size %.3f%n"
            + "BENCH   PackVerifier on the pack: %.2f s (%,.0f entries/s), valid=%s%n",
        count,
        write,
        count / write,
        result.sizeBytes(),
        gzipSeconds,
        gzipBytes,
        write / gzipSeconds,
        (double) result.sizeBytes() / gzipBytes,
        verify,
        count / verify,
        verification.valid());

    saveFigure(
        String.format(
            java.util.Locale.ROOT,
            "pack %.2f s; gzip -6 %.2f s; %,d entries",
            write,
            gzipSeconds,
            count),
        write / gzipSeconds,
        String.format(
            java.util.Locale.ROOT,
            "tar.gz evidence pack of %,d bytes of entries.ndjson: %,d bytes (gzip -6: %,d, size"
                + " ratio %.3f); PackVerifier %.2f s",
            ndjsonBytes,
            result.sizeBytes(),
            gzipBytes,
            (double) result.sizeBytes() / gzipBytes,
            verify));

    // bounded memory: the same write and verify in a JVM with a 64 MiB heap
    Path keyFile =
        Files.writeString(dir.resolve("key.pem"), Ed25519Keys.publicKeyPem(key.publicKey()));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long t4 = System.nanoTime();
    Process small =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                SmallHeapRun.class.getName(),
                entries.toString(),
                dir.resolve("small.tar.gz").toString(),
                String.valueOf(count),
                head.hash())
            .redirectErrorStream(true)
            .start();
    String smallOut =
        new String(small.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int exit = small.waitFor();
    System.out.printf(
        "BENCH   -Xmx64m JVM, write + verify the same %,d entries: exit %d in %.1f s (%s)%n",
        count, exit, seconds(t4), smallOut.replace('\n', ' '));
    assertThat(exit).as(smallOut).isZero();
    assertThat(keyFile).exists();
  }

  /**
   * Writes entries as the worker's NDJSON writer does: served field order, canonical attributes.
   */
  static ChainHead writeChainedEntries(Path file, int count) throws Exception {
    String prev = ChainHead.GENESIS_HASH;
    Instant base = Instant.parse("2026-03-01T00:00:00Z");
    String[] actions = {
      "user.login", "document.read", "document.delete", "role.grant", "invoice.create"
    };
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
      json.setRootValueSeparator(null);
      for (int seq = 1; seq <= count; seq++) {
        Instant occurredAt = base.plusMillis(seq * 7_919L);
        Instant recordedAt = occurredAt.plusMillis(40);
        String actor = "user-" + (seq % 997);
        String action = actions[seq % actions.length];
        String resource = "doc/" + (seq % 50_021);
        Outcome outcome =
            seq % 13 == 0 ? Outcome.DENIED : seq % 7 == 0 ? Outcome.FAILURE : Outcome.SUCCESS;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ip", "10.0." + (seq % 256) + "." + (seq % 199));
        attributes.put("userAgent", "Mozilla/5.0 (X11; Linux x86_64)");
        attributes.put("requestId", Long.toHexString(seq * 0x9E3779B97F4A7C15L));
        String hash =
            LedgerHasher.hash(
                prev, seq, occurredAt, recordedAt, actor, action, resource, outcome, attributes);
        json.writeStartObject();
        json.writeNumberField("seq", seq);
        json.writeStringField("occurredAt", Timestamps.format(occurredAt));
        json.writeStringField("recordedAt", Timestamps.format(recordedAt));
        json.writeStringField("actor", actor);
        json.writeStringField("action", action);
        json.writeStringField("resource", resource);
        json.writeStringField("outcome", outcome.wire());
        json.writeFieldName("attributes");
        json.writeRawValue(Json.canonicalString(attributes));
        json.writeStringField("prevHash", prev);
        json.writeStringField("hash", hash);
        json.writeEndObject();
        json.writeRaw('\n');
        prev = hash;
      }
    }
    return new ChainHead(count, prev);
  }

  /**
   * The figure for `make bench`'s goal table, where the e2e module's BenchReport reads it ({@code
   * <bench.dir>/figures/evidence_pack.properties}).
   */
  private static void saveFigure(String measured, double ratio, String detail) throws IOException {
    Path figures = Path.of(System.getProperty("bench.dir", "../target/bench")).resolve("figures");
    Files.createDirectories(figures);
    Properties p = new Properties();
    p.setProperty("measured", measured);
    p.setProperty("ratio", Double.toString(ratio));
    p.setProperty("ok", "true");
    p.setProperty("detail", detail);
    try (Writer w =
        Files.newBufferedWriter(
            figures.resolve("evidence_pack.properties"), StandardCharsets.UTF_8)) {
      p.store(w, null);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Runs in the -Xmx64m JVM: write the pack, verify it, print the figures. */
  static final class SmallHeapRun {
    public static void main(String[] args) throws Exception {
      Path entries = Path.of(args[0]);
      Path pack = Path.of(args[1]);
      int count = Integer.parseInt(args[2]);
      TestKey key = TestKey.generate();
      PackManifest manifest =
          new PackManifest(
              "bench",
              "exp-bench-pack",
              PackType.EVIDENCE_PACK,
              new PackManifest.Range(null, null),
              PackManifest.Filters.none(),
              count,
              1L,
              (long) count,
              new ChainHead(count, args[3]),
              null);
      long t0 = System.nanoTime();
      EvidencePackWriter.write(PackFormat.TAR_GZ, entries, Map.of(), manifest, key.signer(), pack);
      double write = seconds(t0);
      long t1 = System.nanoTime();
      PackVerification v = PackVerifier.verify(pack, PublicKeys.of(List.of(key.publicKey())));
      System.out.printf(
          "write %.1f s, verify %.1f s, valid=%s, max heap %d MiB%n",
          write, seconds(t1), v.valid(), Runtime.getRuntime().maxMemory() >> 20);
      System.exit(v.valid() ? 0 : 1);
    }
  }
}
