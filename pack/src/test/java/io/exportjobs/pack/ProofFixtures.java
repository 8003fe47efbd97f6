package io.exportjobs.pack;

import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.PackFixtures.TestKey;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.MerkleProofs;
import io.exportjobs.pack.tlog.NodeId;
import io.exportjobs.pack.tlog.NodeReader;
import io.exportjobs.pack.tlog.NoteKey;
import io.exportjobs.pack.tlog.SignedNote;
import io.exportjobs.pack.tlog.TreeHashes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checkpoints and proof.json of a test ledger held in memory, as the worker makes them. */
public final class ProofFixtures {

  public static final String ORIGIN = "exportjobs.local/ledger/demo";

  private ProofFixtures() {}

  /** Reads nodes of the tree over the ledger's leaves, computing each from its leaves. */
  public static NodeReader reader(List<LedgerEntry> ledger) {
    byte[][] leaves =
        ledger.stream().map(e -> TreeHashes.leafOfEntry(e.hash())).toArray(byte[][]::new);
    return ids -> {
      Map<NodeId, byte[]> out = new HashMap<>();
      for (NodeId id : ids) {
        int from = (int) (id.index() << id.level());
        out.put(id, TreeHashes.perfectRoot(leaves, from, 1 << id.level()));
      }
      return out;
    };
  }

  public static String checkpoint(List<LedgerEntry> ledger, long size, TestKey key) {
    Checkpoint c = new Checkpoint(ORIGIN, size, MerkleProofs.root(size, reader(ledger)));
    return sign(c, key);
  }

  public static String sign(Checkpoint c, TestKey key) {
    return SignedNote.sign(
        c.text(), NoteKey.of(c.origin(), key.publicKey()), m -> key.signer().sign(m));
  }

  /**
   * The proof of {@code entries} (a subset of the ledger's first {@code treeSize}) over the span
   * {@code [firstSeq, lastSeq]}: every other leaf of the span is listed as excluded.
   */
  public static PackProof proof(
      List<LedgerEntry> ledger,
      long treeSize,
      long firstSeq,
      long lastSeq,
      List<LedgerEntry> entries,
      PackProof.Boundary boundary,
      boolean complete) {
    NodeReader reader = reader(ledger);
    Set<Long> inPack = entries.stream().map(LedgerEntry::seq).collect(Collectors.toSet());
    List<PackProof.Excluded> excluded = new ArrayList<>();
    for (long seq = firstSeq; seq <= lastSeq; seq++) {
      if (!inPack.contains(seq)) {
        excluded.add(
            new PackProof.Excluded(seq, TreeHashes.leafOfEntry(ledger.get((int) seq - 1).hash())));
      }
    }
    return new PackProof(
        treeSize,
        firstSeq,
        lastSeq,
        MerkleProofs.compactRange(0, firstSeq - 1, reader).hashes(),
        MerkleProofs.compactRange(lastSeq, treeSize, reader).hashes(),
        excluded,
        boundary,
        null,
        complete);
  }

  /** The boundary entry {@code seq} with its inclusion proof in the tree of {@code treeSize}. */
  public static PackProof.BoundaryEntry bounding(
      List<LedgerEntry> ledger, long seq, long treeSize) {
    return new PackProof.BoundaryEntry(
        ledger.get((int) seq - 1), MerkleProofs.inclusion(seq - 1, treeSize, reader(ledger)));
  }

  public static TreeEvidence evidence(
      List<LedgerEntry> ledger, long treeSize, PackProof proof, TestKey key) {
    return new TreeEvidence(checkpoint(ledger, treeSize, key), proof);
  }
}
