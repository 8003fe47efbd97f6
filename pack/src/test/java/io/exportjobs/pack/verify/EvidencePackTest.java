package io.exportjobs.pack.verify;

import static io.exportjobs.pack.PackFixtures.headOf;
import static io.exportjobs.pack.PackFixtures.ledger;
import static io.exportjobs.pack.PackFixtures.manifest;
import static io.exportjobs.pack.PackFixtures.only;
import static io.exportjobs.pack.PackFixtures.writeNdjson;
import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.PackFixtures;
import io.exportjobs.pack.PackFixtures.TestKey;
import io.exportjobs.pack.PackFormat;
import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.PackResult;
import io.exportjobs.pack.PackType;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.verify.PackVerification.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writing and verifying evidence packs and snapshots, and every way of breaking one. */
class EvidencePackTest {

  private static final TestKey KEY = TestKey.generate();
  private static final List<LedgerEntry> LEDGER = ledger(12);

  @TempDir static Path shared;
  @TempDir Path dir;
  private static Path report;

  @BeforeAll
  static void report() throws IOException {
    report =
        Files.writeString(
            shared.resolve("report.html"),
            "<!doctype html><title>Audit report</title><p>12 events</p>\n");
  }

  private Path pack(PackFormat format, PackType type, List<LedgerEntry> entries, ChainHead head)
      throws IOException {
    Path ndjson = writeNdjson(dir.resolve("entries-" + System.nanoTime() + ".ndjson"), entries);
    Path target =
        dir.resolve("pack-" + System.nanoTime() + (format == PackFormat.ZIP ? ".zip" : ".tar.gz"));
    Map<String, Path> extra =
        type == PackType.EVIDENCE_PACK ? Map.of("report.html", report) : Map.of();
    EvidencePackWriter.write(
        format, ndjson, extra, manifest(type, entries, head), KEY.signer(), target);
    return target;
  }

  private Path evidencePack(PackFormat format) throws IOException {
    List<LedgerEntry> filtered = only(LEDGER, seq -> seq != 4 && seq != 9);
    return pack(format, PackType.EVIDENCE_PACK, filtered, headOf(LEDGER));
  }

  private static PackVerification verify(Path archive) {
    return PackVerifier.verify(archive, KEY.lookup());
  }

  private static List<String> namedFiles(PackVerification result) {
    return result.problems().stream().map(Problem::file).distinct().toList();
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void aWrittenPackVerifies(PackFormat format) throws IOException {
    Path archive = evidencePack(format);

    PackVerification result = verify(archive);

    assertThat(result.problems()).isEmpty();
    assertThat(result.valid()).isTrue();
    assertThat(result.entryCount()).isEqualTo(10);
    assertThat(result.sha256()).matches("[0-9a-f]{64}");
    assertThat(result.signature())
        .isEqualTo(new PackVerification.SignatureCheck(KEY.signer().keyId(), "ed25519", true));
    assertThat(result.checks()).allMatch(PackVerification.Check::ok);
    assertThat(PackFixtures.read(archive, format).keySet())
        .containsExactly(
            "README.txt",
            "entries.ndjson",
            "report.html",
            "SHA256SUMS",
            "statement.json",
            "statement.dsse.json");
  }

  @Test
  void theStatementIsInTotoV1WithThePredicateAndTheEnvelopeIsDsse() throws IOException {
    Map<String, byte[]> files =
        PackFixtures.read(evidencePack(PackFormat.TAR_GZ), PackFormat.TAR_GZ);

    Map<String, Object> statement =
        Json.readObject(new String(files.get("statement.json"), StandardCharsets.UTF_8));
    assertThat(statement.get("_type")).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.get("predicateType")).isEqualTo("https://exportjobs.io/evidence-pack/v1");
    assertThat(Json.write(statement.get("subject")))
        .contains(
            "\"name\":\"README.txt\"",
            "\"name\":\"entries.ndjson\"",
            "\"name\":\"report.html\"",
            "\"name\":\"SHA256SUMS\"")
        .doesNotContain("statement");
    @SuppressWarnings("unchecked")
    Map<String, Object> predicate = (Map<String, Object>) statement.get("predicate");
    assertThat(predicate)
        .containsEntry("tenant", "demo")
        .containsEntry("jobId", "exp-demo-01JTESTPACK")
        .containsEntry("type", "evidence_pack")
        .containsEntry("entryCount", 10)
        .containsEntry("firstSeq", 1)
        .containsEntry("lastSeq", 12)
        .containsKeys("range", "filters", "ledgerHead", "generator");
    assertThat(Json.write(predicate.get("range")))
        .isEqualTo("{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-11-01T00:00:00Z\"}");
    assertThat(Json.write(predicate.get("ledgerHead")))
        .contains("\"seq\":12", LEDGER.get(11).hash());
    // RFC 8785: the file is its own canonical form
    assertThat(files.get("statement.json")).isEqualTo(Json.canonical(statement));

    Map<String, Object> envelope =
        Json.readObject(new String(files.get("statement.dsse.json"), StandardCharsets.UTF_8));
    assertThat(envelope.get("payloadType")).isEqualTo("application/vnd.in-toto+json");
    assertThat(java.util.Base64.getDecoder().decode((String) envelope.get("payload")))
        .isEqualTo(files.get("statement.json"));
    assertThat(Json.write(envelope.get("signatures")))
        .contains("\"keyid\":\"" + KEY.signer().keyId() + "\"");
    assertThat(new String(files.get("SHA256SUMS"), StandardCharsets.UTF_8))
        .matches(
            "(?s)[0-9a-f]{64}  README.txt\n[0-9a-f]{64}  entries.ndjson\n[0-9a-f]{64}  report.html\n");
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void theSameInputGivesTheSameBytesAlsoInAnotherTimeZone(PackFormat format) throws IOException {
    Path ndjson = writeNdjson(dir.resolve("entries.ndjson"), LEDGER);
    PackManifest manifest = manifest(PackType.EVIDENCE_PACK, LEDGER, headOf(LEDGER));
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    TimeZone zone = TimeZone.getDefault();
    PackResult a =
        EvidencePackWriter.write(
            format, ndjson, Map.of("report.html", report), manifest, KEY.signer(), first);
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
      EvidencePackWriter.write(
          format, ndjson, Map.of("report.html", report), manifest, KEY.signer(), second);
    } finally {
      TimeZone.setDefault(zone);
    }

    String firstSha = io.exportjobs.pack.json.Digests.sha256Hex(Files.readAllBytes(first));
    assertThat(io.exportjobs.pack.json.Digests.sha256Hex(Files.readAllBytes(second)))
        .isEqualTo(firstSha);
    assertThat(a.sha256()).isEqualTo(firstSha);
    assertThat(a.sizeBytes()).isEqualTo(Files.size(first));
    assertThat(a.entryCount()).isEqualTo(12);
  }

  @Test
  void tarEntriesCarryNoOwnerNoClockAndFixedModes() throws IOException {
    Path archive = evidencePack(PackFormat.TAR_GZ);
    byte[] bytes = Files.readAllBytes(archive);
    assertThat(Arrays.copyOf(bytes, 10)).isEqualTo(PackVerifier.GZIP_HEADER);
    try (var in =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(
                Files.newInputStream(archive)))) {
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        assertThat(e.getModTime().toInstant()).isEqualTo(EvidencePackWriter.MTIME);
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getGroupName()).isEmpty();
        assertThat(e.getMode()).isEqualTo(0100644);
        assertThat(e.isFile()).isTrue();
      }
    }
  }

  /** Flips bytes of one inner file, rebuilds the archive, and expects exactly that file named. */
  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void aFlippedByteInAnyFileFailsAndNamesThatFile(PackFormat format) throws IOException {
    Path original = evidencePack(format);
    LinkedHashMap<String, byte[]> files = PackFixtures.read(original, format);
    Path tampered = dir.resolve("tampered" + (format == PackFormat.ZIP ? ".zip" : ".tar.gz"));
    // the untouched files, rebuilt by plain commons-compress, still verify
    assertThat(verify(PackFixtures.write(tampered, format, files)).valid()).isTrue();

    List<String> failures = new ArrayList<>();
    int tried = 0;
    for (String name : files.keySet()) {
      byte[] content = files.get(name);
      // ~40 positions per file (every byte of the short ones), two masks each: about 500 rebuilds
      int step = Math.max(1, content.length / (format == PackFormat.TAR_GZ ? 40 : 15));
      for (int at = 0; at < content.length; at += step) {
        for (int mask : new int[] {0x01, 0x80}) {
          LinkedHashMap<String, byte[]> copy = new LinkedHashMap<>(files);
          byte[] changed = content.clone();
          changed[at] ^= (byte) mask;
          copy.put(name, changed);
          PackVerification result = verify(PackFixtures.write(tampered, format, copy));
          tried++;
          if (result.valid() || !namedFiles(result).equals(List.of(name))) {
            failures.add(
                name
                    + " byte "
                    + at
                    + " ^"
                    + mask
                    + " -> valid="
                    + result.valid()
                    + " "
                    + result.problems());
          }
        }
      }
    }
    assertThat(tried).isGreaterThan(format == PackFormat.TAR_GZ ? 400 : 150);
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void aRawByteFlipOfTheArchiveFails(PackFormat format) throws IOException {
    Path archive = evidencePack(format);
    byte[] bytes = Files.readAllBytes(archive);
    for (int at : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 5}) {
      byte[] changed = bytes.clone();
      changed[at] ^= 0x01;
      Path flipped = Files.write(dir.resolve("flipped-" + at + archive.getFileName()), changed);
      PackVerification result = verify(flipped);
      assertThat(result.valid()).as("flip at %d of %d", at, bytes.length).isFalse();
      assertThat(result.problems()).isNotEmpty();
    }
    // wherever the flip lands, every problem names the file it is about (the archive at worst)
    for (int at = 0; at < bytes.length; at += Math.max(1, bytes.length / 400)) {
      byte[] changed = bytes.clone();
      changed[at] ^= 0x01;
      Path flipped = Files.write(dir.resolve("named-" + at + archive.getFileName()), changed);
      PackVerification result = verify(flipped);
      int where = at;
      assertThat(result.problems())
          .allSatisfy(p -> assertThat(p.file()).as("flip at %d: %s", where, p).isNotBlank());
      Files.delete(flipped);
    }
    // a damaged gzip stream is reported as the archive itself, saying so
    if (format == PackFormat.TAR_GZ) {
      byte[] changed = bytes.clone();
      changed[bytes.length / 2] ^= 0x01;
      Path flipped = Files.write(dir.resolve("damaged.tar.gz"), changed);
      PackVerification result = verify(flipped);
      assertThat(result.problems())
          .anySatisfy(
              p -> {
                assertThat(p.file()).isEqualTo("damaged.tar.gz");
                assertThat(p.message()).contains("cannot be read as an archive");
              });
    }
  }

  @Test
  void aChangedGzipHeaderIsNamedAndTheContentsAreStillChecked() throws IOException {
    Path archive = evidencePack(PackFormat.TAR_GZ);
    byte[] bytes = Files.readAllBytes(archive);
    bytes[5] = 0x42; // gzip mtime: outside the CRC, but not how packs are written
    Path changed = Files.write(dir.resolve("mtime.tar.gz"), bytes);

    PackVerification result = verify(changed);

    assertThat(result.valid()).isFalse();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo("mtime.tar.gz");
              assertThat(p.message()).contains("gzip header");
            });
    assertThat(result.signature().valid()).isTrue();
    assertThat(result.entryCount()).isEqualTo(10);
  }

  @Test
  void aMissingAddedOrDuplicatedFileIsNamed() throws IOException {
    Path original = evidencePack(PackFormat.TAR_GZ);
    LinkedHashMap<String, byte[]> files = PackFixtures.read(original, PackFormat.TAR_GZ);
    Path changed = dir.resolve("changed.tar.gz");

    LinkedHashMap<String, byte[]> withoutReport = new LinkedHashMap<>(files);
    withoutReport.remove("report.html");
    assertThat(namedFiles(verify(PackFixtures.write(changed, PackFormat.TAR_GZ, withoutReport))))
        .contains("report.html");

    LinkedHashMap<String, byte[]> withExtra = new LinkedHashMap<>(files);
    withExtra.put("notes.txt", "trust me".getBytes(StandardCharsets.UTF_8));
    PackVerification extra = verify(PackFixtures.write(changed, PackFormat.TAR_GZ, withExtra));
    assertThat(extra.valid()).isFalse();
    assertThat(namedFiles(extra)).containsExactly("notes.txt");

    LinkedHashMap<String, byte[]> withoutEntries = new LinkedHashMap<>(files);
    withoutEntries.remove("entries.ndjson");
    PackVerification missing =
        verify(PackFixtures.write(changed, PackFormat.TAR_GZ, withoutEntries));
    assertThat(missing.valid()).isFalse();
    assertThat(missing.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).isEqualTo("entries.ndjson");
              assertThat(p.message()).isEqualTo("is missing");
            });
  }

  @Test
  void aWrongKeyOrAnUnknownKeyIdFailsTheSignature() throws IOException {
    Path archive = evidencePack(PackFormat.TAR_GZ);
    TestKey other = TestKey.generate();

    PackVerification unknown = PackVerifier.verify(archive, other.lookup());
    assertThat(unknown.valid()).isFalse();
    assertThat(unknown.signature())
        .isEqualTo(new PackVerification.SignatureCheck(KEY.signer().keyId(), "ed25519", false));
    assertThat(unknown.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo("statement.dsse.json");
              assertThat(p.message()).contains("not among the public keys given");
            });

    // the right key id, but another key behind it
    PackVerification wrong =
        PackVerifier.verify(
            archive, PublicKeys.byId(Map.of(KEY.signer().keyId(), other.publicKey())));
    assertThat(wrong.valid()).isFalse();
    assertThat(wrong.signature().valid()).isFalse();
    assertThat(wrong.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo("statement.dsse.json");
              assertThat(p.message()).contains("does not verify");
            });

    // a statement re-signed by someone else is refused for the same reason
    PackVerification none = PackVerifier.verify(archive, PublicKeys.none());
    assertThat(none.valid()).isFalse();
  }

  @Test
  void aPackWrittenBySomeoneElsesKeyDoesNotVerifyWithOurs() throws IOException {
    TestKey forger = TestKey.generate();
    Path ndjson = writeNdjson(dir.resolve("e.ndjson"), LEDGER);
    Path forged = dir.resolve("forged.tar.gz");
    EvidencePackWriter.write(
        PackFormat.TAR_GZ,
        ndjson,
        Map.of(),
        manifest(PackType.EVIDENCE_PACK, LEDGER, headOf(LEDGER)),
        forger.signer(),
        forged);
    assertThat(verify(forged).valid()).isFalse();
    assertThat(PackVerifier.verify(forged, forger.lookup()).valid()).isTrue();
  }

  @Test
  void aSnapshotHoldsTheWholeLedgerUpToItsHead() throws IOException {
    PackVerification ok =
        verify(pack(PackFormat.TAR_GZ, PackType.SNAPSHOT, LEDGER, headOf(LEDGER)));
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.valid()).isTrue();

    PackVerification empty =
        verify(pack(PackFormat.TAR_GZ, PackType.SNAPSHOT, List.of(), ChainHead.empty()));
    assertThat(empty.problems()).isEmpty();
    assertThat(empty.entryCount()).isZero();

    // signed correctly, but with a gap: not a snapshot
    PackVerification gap =
        verify(
            pack(PackFormat.TAR_GZ, PackType.SNAPSHOT, only(LEDGER, s -> s != 5), headOf(LEDGER)));
    assertThat(gap.valid()).isFalse();
    assertThat(gap.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo("entries.ndjson");
              assertThat(p.message()).contains("from seq 1, without gaps");
            });

    // not from seq 1
    PackVerification late =
        verify(
            pack(PackFormat.TAR_GZ, PackType.SNAPSHOT, only(LEDGER, s -> s > 3), headOf(LEDGER)));
    assertThat(late.valid()).isFalse();
    assertThat(namedFiles(late)).containsExactly("entries.ndjson");

    // stops before the head it claims
    PackVerification shortOfHead =
        verify(pack(PackFormat.TAR_GZ, PackType.SNAPSHOT, LEDGER.subList(0, 10), headOf(LEDGER)));
    assertThat(shortOfHead.valid()).isFalse();
    assertThat(shortOfHead.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("not at the ledger head"));
  }

  @Test
  void anEvidencePackMayHaveGapsButNotBrokenLinksOrHashes() throws IOException {
    assertThat(verify(evidencePack(PackFormat.TAR_GZ)).valid()).isTrue();

    // consecutive seqs whose link is broken, written and signed as if nothing were wrong
    List<LedgerEntry> broken = new ArrayList<>(LEDGER);
    LedgerEntry e = LEDGER.get(6);
    String wrongPrev = LEDGER.get(4).hash();
    broken.set(
        6,
        new LedgerEntry(
            e.seq(),
            e.occurredAt(),
            e.recordedAt(),
            e.actor(),
            e.action(),
            e.resource(),
            e.outcome(),
            e.attributes(),
            wrongPrev,
            io.exportjobs.pack.ledger.LedgerHasher.hash(
                wrongPrev,
                e.seq(),
                e.occurredAt(),
                e.recordedAt(),
                e.actor(),
                e.action(),
                e.resource(),
                e.outcome(),
                e.attributes())));
    PackVerification link =
        verify(pack(PackFormat.TAR_GZ, PackType.EVIDENCE_PACK, broken, headOf(LEDGER)));
    assertThat(link.valid()).isFalse();
    assertThat(link.problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("(seq 7): prevHash is not the hash of entry 6"));

    // an entry whose content no longer matches its hash
    List<LedgerEntry> edited = new ArrayList<>(LEDGER);
    LedgerEntry f = LEDGER.get(2);
    edited.set(
        2,
        new LedgerEntry(
            f.seq(),
            f.occurredAt(),
            f.recordedAt(),
            "mallory",
            f.action(),
            f.resource(),
            f.outcome(),
            f.attributes(),
            f.prevHash(),
            f.hash()));
    PackVerification hash =
        verify(pack(PackFormat.TAR_GZ, PackType.EVIDENCE_PACK, edited, headOf(LEDGER)));
    assertThat(hash.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo("entries.ndjson");
              assertThat(p.message())
                  .isEqualTo("line 3 (seq 3): hash does not match the entry's contents");
            });
  }

  @Test
  void theWriterRefusesAManifestThatDoesNotMatchTheEntries() throws IOException {
    Path ndjson = writeNdjson(dir.resolve("e.ndjson"), LEDGER);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                EvidencePackWriter.write(
                    PackFormat.TAR_GZ,
                    ndjson,
                    Map.of(),
                    manifest(PackType.EVIDENCE_PACK, LEDGER.subList(0, 5), headOf(LEDGER)),
                    KEY.signer(),
                    dir.resolve("x.tar.gz")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 lines");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                EvidencePackWriter.write(
                    PackFormat.TAR_GZ,
                    ndjson,
                    Map.of("notes.txt", ndjson),
                    manifest(PackType.EVIDENCE_PACK, LEDGER, headOf(LEDGER)),
                    KEY.signer(),
                    dir.resolve("y.tar.gz")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theChecksReportWhatWasVerified() throws IOException {
    PackVerification result = verify(evidencePack(PackFormat.ZIP));
    Map<String, String> details =
        result.checks().stream()
            .collect(
                Collectors.toMap(PackVerification.Check::name, PackVerification.Check::detail));
    assertThat(details.get("hash chain")).isEqualTo("10 hashes recomputed, 7 links checked");
    assertThat(details.get("entries")).isEqualTo("10 entries, seq 1 to 12, as the statement says");
    assertThat(details.get("signature")).isEqualTo("ed25519, key " + KEY.signer().keyId());
  }
}
