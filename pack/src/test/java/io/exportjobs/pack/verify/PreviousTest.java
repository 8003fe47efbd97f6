package io.exportjobs.pack.verify;

import static io.exportjobs.pack.PackFixtures.ledger;
import static io.exportjobs.pack.PackFixtures.writeNdjson;
import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.PackFixtures;
import io.exportjobs.pack.PackFixtures.TestKey;
import io.exportjobs.pack.PackFormat;
import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.PackProof;
import io.exportjobs.pack.PackType;
import io.exportjobs.pack.ProofFixtures;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.tlog.MerkleProofs;
import io.exportjobs.pack.verify.PackVerification.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, step 3 (the verifier's side): a pack of an incremental schedule carries the previous
 * run's checkpoint and the consistency proof from it; the verifier checks both, and {@code
 * --previous} pins the checkpoint the user holds.
 */
class PreviousTest {

  private static final TestKey KEY = TestKey.generate();
  private static final List<LedgerEntry> LEDGER = ledger(20);

  @TempDir Path dir;

  /** Seqs {@code [first, 20]} of the tree of 20, following the checkpoint of {@code prevSize}. */
  private Path pack(long first, long prevSize, List<LedgerEntry> prevLedger) throws IOException {
    return pack(first, prevSize, prevLedger, KEY);
  }

  /** The same, the previous checkpoint signed by {@code prevKey}. */
  private Path pack(long first, long prevSize, List<LedgerEntry> prevLedger, TestKey prevKey)
      throws IOException {
    List<LedgerEntry> entries = PackFixtures.only(LEDGER, s -> s >= first);
    PackProof p = ProofFixtures.proof(LEDGER, 20, first, 20, entries, null, true);
    PackProof.Previous previous =
        new PackProof.Previous(
            ProofFixtures.checkpoint(prevLedger, prevSize, prevKey),
            MerkleProofs.consistency(prevSize, 20, ProofFixtures.reader(LEDGER)));
    PackProof withPrevious =
        new PackProof(
            p.treeSize(),
            p.firstSeq(),
            p.lastSeq(),
            p.left(),
            p.right(),
            p.excluded(),
            null,
            previous,
            true);
    Path target = dir.resolve("pack-" + System.nanoTime() + ".tar.gz");
    PackManifest m =
        new PackManifest(
            "demo",
            "exp-demo-sched-s-1",
            PackType.EVIDENCE_PACK,
            PackManifest.Range.ofSeq(first, 21),
            PackManifest.Filters.none(),
            entries.size(),
            first,
            20L,
            new ChainHead(20, LEDGER.get(19).hash()),
            new PackManifest.Generator("exportjobs", "test"));
    EvidencePackWriter.write(
        PackFormat.TAR_GZ,
        writeNdjson(dir.resolve("e-" + System.nanoTime()), entries),
        Map.of(),
        m,
        new TreeEvidence(ProofFixtures.checkpoint(LEDGER, 20, KEY), withPrevious),
        KEY.signer(),
        target);
    return target;
  }

  private static List<String> previousProblems(PackVerification result) {
    return result.problems().stream()
        .filter(p -> p.check().equals("previous"))
        .map(Problem::message)
        .toList();
  }

  @Test
  void aPackThatFollowsThePreviousVerifiesWithAndWithoutTheGivenCheckpoint() throws IOException {
    Path pack = pack(13, 12, LEDGER);
    String held = ProofFixtures.checkpoint(LEDGER, 12, KEY);
    for (String given : new String[] {null, held}) {
      PackVerification result = PackVerifier.verify(pack, KEY.lookup(), given);
      assertThat(result.problems()).isEmpty();
      assertThat(result.valid()).isTrue();
    }
  }

  @Test
  void aPreviousCheckpointSignedByARotatedKeyVerifiesWithEveryKeyTrusted() throws IOException {
    // the previous run was signed by the key that was active then; the keys were rotated since
    TestKey retired = TestKey.generate();
    Path pack = pack(13, 12, LEDGER, retired);
    PublicKeys both = PublicKeys.of(List.of(KEY.publicKey(), retired.publicKey()));
    String held = ProofFixtures.checkpoint(LEDGER, 12, retired);
    for (String given : new String[] {null, held}) {
      PackVerification result = PackVerifier.verify(pack, both, given);
      assertThat(result.problems()).isEmpty();
      assertThat(result.valid()).isTrue();
    }

    // without the retired key, the previous checkpoint cannot be opened: refused, not skipped
    PackVerification withoutIt = PackVerifier.verify(pack, KEY.lookup(), null);
    assertThat(withoutIt.valid()).isFalse();
    assertThat(previousProblems(withoutIt)).hasSize(1);
    assertThat(withoutIt.problems()).allMatch(p -> p.check().equals("previous"));
  }

  @Test
  void anotherCheckpointThanTheOneHeldIsRefused() throws IOException {
    PackVerification result =
        PackVerifier.verify(
            pack(13, 12, LEDGER), KEY.lookup(), ProofFixtures.checkpoint(LEDGER, 11, KEY));
    assertThat(result.valid()).isFalse();
    assertThat(previousProblems(result)).anyMatch(m -> m.contains("not the one given"));
  }

  @Test
  void aGapAfterThePreviousIsRefused() throws IOException {
    PackVerification result = PackVerifier.verify(pack(14, 12, LEDGER), KEY.lookup(), null);
    assertThat(result.valid()).isFalse();
    assertThat(previousProblems(result)).anyMatch(m -> m.contains("a gap or an overlap"));
  }

  @Test
  void aLedgerRewrittenSinceThePreviousCheckpointIsRefused() throws IOException {
    // the previous checkpoint was of another history: entry 5 differed then
    List<LedgerEntry> before = new java.util.ArrayList<>(LEDGER);
    LedgerEntry e = before.get(4);
    before.set(
        4,
        new LedgerEntry(
            e.seq(),
            e.occurredAt(),
            e.recordedAt(),
            "mallory",
            e.action(),
            e.resource(),
            e.outcome(),
            e.attributes(),
            e.prevHash(),
            "sha256:" + "ab".repeat(32)));
    PackVerification result = PackVerifier.verify(pack(13, 12, before), KEY.lookup(), null);
    assertThat(result.valid()).isFalse();
    assertThat(previousProblems(result)).anyMatch(m -> m.contains("consistency proof"));
  }
}
