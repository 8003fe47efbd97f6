package io.exportjobs.pack.verify;

import static io.exportjobs.pack.PackFixtures.headOf;
import static io.exportjobs.pack.PackFixtures.ledger;
import static io.exportjobs.pack.PackFixtures.manifest;
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
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.MerkleProofs;
import io.exportjobs.pack.verify.PackVerification.Check;
import io.exportjobs.pack.verify.PackVerification.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, done-when 2: packs rebuilt and signed again with the service's key, but with their
 * entries, proof.json or checkpoint tampered with, are refused, naming the check that failed.
 */
class ProofTamperTest {

  private static final TestKey KEY = TestKey.generate();
  private static final List<LedgerEntry> LEDGER = ledger(20);
  private static final long TREE = 20;
  private static final long FIRST = 3;
  private static final long LAST = 15;

  @TempDir Path dir;

  /** Seqs 3 to 15 but 6 and 11 (say, filtered out), proven against the tree of 20. */
  private static List<LedgerEntry> entries() {
    return PackFixtures.only(LEDGER, s -> s >= FIRST && s <= LAST && s != 6 && s != 11);
  }

  private static PackProof proof() {
    return ProofFixtures.proof(LEDGER, TREE, FIRST, LAST, entries(), null, false);
  }

  private Path pack(List<LedgerEntry> entries, TreeEvidence tree) throws IOException {
    return pack(entries, tree, headOf(LEDGER));
  }

  private Path pack(List<LedgerEntry> entries, TreeEvidence tree, ChainHead head)
      throws IOException {
    Path ndjson = writeNdjson(dir.resolve("entries-" + System.nanoTime()), entries);
    Path target = dir.resolve("pack-" + System.nanoTime() + ".tar.gz");
    PackManifest manifest = manifest(PackType.EVIDENCE_PACK, entries, head);
    EvidencePackWriter.write(
        PackFormat.TAR_GZ, ndjson, Map.of(), manifest, tree, KEY.signer(), target);
    return target;
  }

  private static PackVerification verify(Path pack) {
    return PackVerifier.verify(pack, KEY.lookup());
  }

  private static void assertRejectedBy(PackVerification result, String check) {
    assertThat(result.valid()).isFalse();
    assertThat(result.checks())
        .filteredOn(c -> c.name().equals(check))
        .singleElement()
        .extracting(Check::ok)
        .isEqualTo(false);
    assertThat(result.problems()).extracting(Problem::check).contains(check);
    assertThat(result.proof().valid()).isFalse();
  }

  @Test
  void anUntouchedPackProvesItsEntriesAndListsExactlyTheExcludedSeqs() throws IOException {
    Path archive = pack(entries(), ProofFixtures.evidence(LEDGER, TREE, proof(), KEY));

    PackVerification result = verify(archive);

    assertThat(result.problems()).isEmpty();
    assertThat(result.valid()).isTrue();
    assertThat(result.proof()).isEqualTo(new PackVerification.ProofSummary(true, TREE, false));
    assertThat(result.checks()).extracting(Check::name).contains("checkpoint", "proof");
    Map<String, byte[]> files = PackFixtures.read(archive, PackFormat.TAR_GZ);
    assertThat(files.keySet())
        .containsExactly(
            "README.txt",
            "entries.ndjson",
            "checkpoint",
            "proof.json",
            "SHA256SUMS",
            "statement.json",
            "statement.dsse.json");
    String proofJson = new String(files.get("proof.json"), StandardCharsets.UTF_8);
    assertThat(proofJson).contains("\"excluded\":[{\"leafHash\"").contains("\"seq\":6}");
    assertThat(ProofFile.parse(files.get("proof.json")).excludedSeqs()).containsExactly(6L, 11L);
    assertThat(new String(files.get("SHA256SUMS"), StandardCharsets.UTF_8))
        .contains("  checkpoint\n", "  proof.json\n");
  }

  @Test
  void oneEntryRemoved() throws IOException {
    List<LedgerEntry> fewer = new ArrayList<>(entries());
    fewer.remove(4);
    PackVerification result =
        verify(pack(fewer, ProofFixtures.evidence(LEDGER, TREE, proof(), KEY)));
    assertRejectedBy(result, "proof");
    assertThat(result.problems())
        .anyMatch(p -> p.message().contains("neither in entries.ndjson nor listed as excluded"));
  }

  @Test
  void oneEntryAdded() throws IOException {
    List<LedgerEntry> more = PackFixtures.only(LEDGER, s -> s >= FIRST && s <= LAST && s != 11);
    assertRejectedBy(
        verify(pack(more, ProofFixtures.evidence(LEDGER, TREE, proof(), KEY))), "proof");
  }

  @Test
  void oneEntryAddedAfterTheSpan() throws IOException {
    List<LedgerEntry> more = new ArrayList<>(entries());
    more.add(LEDGER.get(16));
    assertRejectedBy(
        verify(pack(more, ProofFixtures.evidence(LEDGER, TREE, proof(), KEY))), "proof");
  }

  @Test
  void twoEntriesSwapped() throws IOException {
    List<LedgerEntry> swapped = new ArrayList<>(entries());
    Collections.swap(swapped, 3, 4);
    assertRejectedBy(
        verify(pack(swapped, ProofFixtures.evidence(LEDGER, TREE, proof(), KEY))), "proof");
  }

  @Test
  void oneEntrysAttributeChangedAndItsHashRecomputed() throws IOException {
    List<LedgerEntry> changed = new ArrayList<>(entries());
    LedgerEntry e = changed.get(4);
    Map<String, Object> attributes = new LinkedHashMap<>(e.attributes());
    attributes.put("ip", "192.0.2.66");
    String hash =
        LedgerHasher.hash(
            e.prevHash(),
            e.seq(),
            e.occurredAt(),
            e.recordedAt(),
            e.actor(),
            e.action(),
            e.resource(),
            e.outcome(),
            attributes);
    changed.set(
        4,
        new LedgerEntry(
            e.seq(),
            e.occurredAt(),
            e.recordedAt(),
            e.actor(),
            e.action(),
            e.resource(),
            e.outcome(),
            attributes,
            e.prevHash(),
            hash));
    assertRejectedBy(
        verify(pack(changed, ProofFixtures.evidence(LEDGER, TREE, proof(), KEY))), "proof");
  }

  @Test
  void oneExcludedLeafHashChanged() throws IOException {
    PackProof p = proof();
    List<PackProof.Excluded> excluded = new ArrayList<>(p.excluded());
    byte[] other = excluded.get(1).leafHash().clone();
    other[0] ^= 1;
    excluded.set(1, new PackProof.Excluded(excluded.get(1).seq(), other));
    PackProof tampered =
        new PackProof(
            p.treeSize(),
            p.firstSeq(),
            p.lastSeq(),
            p.left(),
            p.right(),
            excluded,
            null,
            null,
            false);
    assertRejectedBy(
        verify(pack(entries(), ProofFixtures.evidence(LEDGER, TREE, tampered, KEY))), "proof");
  }

  @Test
  void theCheckpointsSizeChanged() throws IOException {
    Checkpoint smaller =
        new Checkpoint(
            ProofFixtures.ORIGIN, 19, MerkleProofs.root(19, ProofFixtures.reader(LEDGER)));
    TreeEvidence tree = new TreeEvidence(ProofFixtures.sign(smaller, KEY), proof());
    assertRejectedBy(verify(pack(entries(), tree)), "checkpoint");
    // and with the statement's head moved along, the proof no longer fits the tree
    PackVerification moved =
        verify(pack(entries(), tree, new ChainHead(19, LEDGER.get(18).hash())));
    assertRejectedBy(moved, "proof");
  }

  @Test
  void theCheckpointsRootChanged() throws IOException {
    byte[] root = MerkleProofs.root(TREE, ProofFixtures.reader(LEDGER));
    root[31] ^= 1;
    TreeEvidence tree =
        new TreeEvidence(
            ProofFixtures.sign(new Checkpoint(ProofFixtures.ORIGIN, TREE, root), KEY), proof());
    PackVerification result = verify(pack(entries(), tree));
    assertRejectedBy(result, "proof");
    assertThat(result.problems())
        .anyMatch(p -> p.message().contains("do not rebuild the checkpoint's root"));
  }

  @Test
  void theCheckpointEditedWithoutSigningItAgain() throws IOException {
    String note = ProofFixtures.checkpoint(LEDGER, TREE, KEY);
    String edited = note.replaceFirst("\n20\n", "\n19\n");
    assertThat(edited).isNotEqualTo(note);
    assertRejectedBy(verify(pack(entries(), new TreeEvidence(edited, proof()))), "checkpoint");
  }

  @Test
  void theCheckpointSignedByAnotherKey() throws IOException {
    TestKey other = TestKey.generate();
    TreeEvidence tree = new TreeEvidence(ProofFixtures.checkpoint(LEDGER, TREE, other), proof());
    PackVerification result = verify(pack(entries(), tree));
    assertRejectedBy(result, "checkpoint");
    assertThat(result.signature().valid()).isTrue();
  }

  @Test
  void anOccurredRangeCannotClaimToBeComplete() throws IOException {
    List<LedgerEntry> all = PackFixtures.only(LEDGER, s -> s >= FIRST && s <= LAST);
    PackProof claims = ProofFixtures.proof(LEDGER, TREE, FIRST, LAST, all, null, true);
    PackVerification result = verify(pack(all, ProofFixtures.evidence(LEDGER, TREE, claims, KEY)));
    assertRejectedBy(result, "proof");
    assertThat(result.problems()).anyMatch(p -> p.message().contains("occurredAt"));
  }

  @Test
  void anOccurredRangeSaysInItsReadmeWhyItIsNotComplete() throws IOException {
    Path archive = pack(entries(), ProofFixtures.evidence(LEDGER, TREE, proof(), KEY));
    String readme =
        new String(
            PackFixtures.read(archive, PackFormat.TAR_GZ).get("README.txt"),
            StandardCharsets.UTF_8);
    assertThat(readme)
        .contains("complete: false")
        .contains("cannot prove that no entry outside it occurred in the range")
        .contains("2 leaf hashes listed in \"excluded\"");
  }

  @Test
  void aSnapshotProvesTheWholeTreeAndIsComplete() throws IOException {
    PackProof whole = ProofFixtures.proof(LEDGER, TREE, 1, TREE, LEDGER, null, true);
    Path ndjson = writeNdjson(dir.resolve("all.ndjson"), LEDGER);
    Path target = dir.resolve("snapshot.tar.gz");
    EvidencePackWriter.write(
        PackFormat.TAR_GZ,
        ndjson,
        Map.of(),
        manifest(PackType.SNAPSHOT, LEDGER, headOf(LEDGER)),
        ProofFixtures.evidence(LEDGER, TREE, whole, KEY),
        KEY.signer(),
        target);
    PackVerification result = verify(target);
    assertThat(result.problems()).isEmpty();
    assertThat(result.proof()).isEqualTo(new PackVerification.ProofSummary(true, TREE, true));

    List<LedgerEntry> lastMissing = LEDGER.subList(0, LEDGER.size() - 1);
    Path cut = dir.resolve("cut.tar.gz");
    EvidencePackWriter.write(
        PackFormat.TAR_GZ,
        writeNdjson(dir.resolve("cut.ndjson"), lastMissing),
        Map.of(),
        manifest(PackType.SNAPSHOT, lastMissing, headOf(LEDGER)),
        ProofFixtures.evidence(LEDGER, TREE, whole, KEY),
        KEY.signer(),
        cut);
    assertRejectedBy(verify(cut), "proof");
  }
}
