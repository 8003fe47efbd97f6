package io.exportjobs.pack.verify;

import static io.exportjobs.pack.PackFixtures.headOf;
import static io.exportjobs.pack.PackFixtures.ledger;
import static io.exportjobs.pack.PackFixtures.writeNdjson;
import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.PackFixtures;
import io.exportjobs.pack.PackFixtures.TestKey;
import io.exportjobs.pack.PackFormat;
import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.PackProof;
import io.exportjobs.pack.PackType;
import io.exportjobs.pack.ProofFixtures;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.verify.PackVerification.Problem;
import io.exportjobs.pack.verify.PackVerification.ProofSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, done-when 3 (the verifier's side): a {@code recorded} range and a seq range prove that
 * they are complete, and a pack without a boundary entry or without its last entry does not.
 */
class CompletenessTest {

  private static final TestKey KEY = TestKey.generate();
  private static final List<LedgerEntry> LEDGER = ledger(20);
  private static final long TREE = 20;

  @TempDir Path dir;

  /** Seqs 6..14: recordedAt of seq i is FROM + i hours + 250 ms. */
  private static final Instant REC_FROM = PackFixtures.FROM.plusSeconds(3600L * 6);

  private static final Instant REC_TO = PackFixtures.FROM.plusSeconds(3600L * 14 + 1);

  private static List<LedgerEntry> span() {
    return PackFixtures.only(LEDGER, s -> s >= 6 && s <= 14);
  }

  private Path pack(PackManifest.Range range, List<LedgerEntry> entries, PackProof proof)
      throws IOException {
    Path target = dir.resolve("pack-" + System.nanoTime() + ".tar.gz");
    PackManifest m =
        new PackManifest(
            "demo",
            "exp-demo-01JCOMPLETE",
            PackType.EVIDENCE_PACK,
            range,
            PackManifest.Filters.none(),
            entries.size(),
            entries.isEmpty() ? null : entries.get(0).seq(),
            entries.isEmpty() ? null : entries.get(entries.size() - 1).seq(),
            headOf(LEDGER),
            new PackManifest.Generator("exportjobs", "test"));
    EvidencePackWriter.write(
        PackFormat.TAR_GZ,
        writeNdjson(dir.resolve("e-" + System.nanoTime()), entries),
        Map.of(),
        m,
        ProofFixtures.evidence(LEDGER, TREE, proof, KEY),
        KEY.signer(),
        target);
    return target;
  }

  private static PackProof.Boundary boundary(boolean before, boolean after) {
    return new PackProof.Boundary(
        before ? ProofFixtures.bounding(LEDGER, 5, TREE) : null,
        after ? ProofFixtures.bounding(LEDGER, 15, TREE) : null);
  }

  private static PackManifest.Range recorded() {
    return new PackManifest.Range(REC_FROM, REC_TO, "recorded", null, null);
  }

  private static PackVerification verify(Path pack) {
    return PackVerifier.verify(pack, KEY.lookup());
  }

  @Test
  void aRecordedRangeWithItsBoundariesIsComplete() throws IOException {
    PackProof proof = ProofFixtures.proof(LEDGER, TREE, 6, 14, span(), boundary(true, true), true);
    Path archive = pack(recorded(), span(), proof);
    PackVerification result = verify(archive);
    assertThat(result.problems()).isEmpty();
    assertThat(result.proof()).isEqualTo(new ProofSummary(true, TREE, true));
    String readme =
        new String(
            PackFixtures.read(archive, PackFormat.TAR_GZ).get("README.txt"),
            StandardCharsets.UTF_8);
    assertThat(readme).contains("complete: true").contains("boundary");
  }

  @Test
  void withoutEitherBoundaryEntryARecordedRangeIsNotProvenComplete() throws IOException {
    for (PackProof.Boundary b : List.of(boundary(false, true), boundary(true, false))) {
      PackProof proof = ProofFixtures.proof(LEDGER, TREE, 6, 14, span(), b, true);
      PackVerification result = verify(pack(recorded(), span(), proof));
      assertThat(result.valid()).isFalse();
      assertThat(result.problems())
          .extracting(Problem::message)
          .anyMatch(m -> m.contains("boundary entries that prove the span is the whole range"));
    }
  }

  @Test
  void aBoundaryRecordedInsideTheRangeIsRefused() throws IOException {
    // the range really starts one entry earlier: seq 5 was recorded in it
    PackManifest.Range wider =
        new PackManifest.Range(REC_FROM.minusSeconds(3600), REC_TO, "recorded", null, null);
    PackProof proof = ProofFixtures.proof(LEDGER, TREE, 6, 14, span(), boundary(true, true), true);
    PackVerification result = verify(pack(wider, span(), proof));
    assertThat(result.valid()).isFalse();
    assertThat(result.problems())
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("boundary.before was recorded in the range"));
  }

  @Test
  void aRecordedRangeWithoutItsLastEntryFails() throws IOException {
    List<LedgerEntry> lastGone = span().subList(0, span().size() - 1);
    PackProof proof = ProofFixtures.proof(LEDGER, TREE, 6, 14, span(), boundary(true, true), true);
    assertThat(verify(pack(recorded(), lastGone, proof)).valid()).isFalse();
    // nor can the span simply be shortened: the after boundary no longer touches it
    PackProof shorter =
        ProofFixtures.proof(LEDGER, TREE, 6, 13, lastGone, boundary(true, true), true);
    PackVerification result = verify(pack(recorded(), lastGone, shorter));
    assertThat(result.valid()).isFalse();
    assertThat(result.problems())
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("boundary.after is seq 15, not 14"));
  }

  @Test
  void aSeqRangeIsCompleteAndWithoutABoundaryOrItsLastEntryItFails() throws IOException {
    PackManifest.Range seqs = PackManifest.Range.ofSeq(6, 15);
    PackProof proof = ProofFixtures.proof(LEDGER, TREE, 6, 14, span(), null, true);
    PackVerification ok = verify(pack(seqs, span(), proof));
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.proof()).isEqualTo(new ProofSummary(true, TREE, true));

    for (List<LedgerEntry> cut : List.of(span().subList(1, 9), span().subList(0, 8))) {
      // the first (boundary) or last entry left out, the span kept: the root does not rebuild
      assertThat(verify(pack(seqs, cut, proof)).valid()).isFalse();
      // the span shrunk to what is left: no longer the range
      long first = cut.get(0).seq();
      long last = cut.get(cut.size() - 1).seq();
      PackProof shrunk = ProofFixtures.proof(LEDGER, TREE, first, last, cut, null, true);
      PackVerification result = verify(pack(seqs, cut, shrunk));
      assertThat(result.valid()).isFalse();
      assertThat(result.problems())
          .extracting(Problem::message)
          .anyMatch(m -> m.contains("is not the range's seqs [6, 14]"));
    }
  }
}
