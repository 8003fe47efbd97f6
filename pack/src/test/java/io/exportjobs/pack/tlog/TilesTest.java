package io.exportjobs.pack.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.tlog.Tiles.TileId;
import io.exportjobs.pack.tlog.Tiles.TileWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TilesTest {

  /** Tiles written by appends of random sizes serve the same nodes as the whole tree. */
  @Test
  void appendsOfAnySizeKeepEveryNodeOfTheTree() {
    int total = 70_000; // past 256 and 65,536 leaves: three tile levels
    ReferenceTree tree = ReferenceTree.ofSize(total);
    Map<TileId, byte[]> store = new HashMap<>();
    Random random = new Random(7);
    long size = 0;
    List<Long> sizes = new ArrayList<>();
    while (size < total) {
      int batch = (int) Math.min(total - size, pickBatch(random));
      long oldSize = size;
      List<TileWrite> writes =
          Tiles.append(
              oldSize,
              tree.leaves.subList((int) oldSize, (int) oldSize + batch),
              id -> store.get(id));
      for (TileWrite w : writes) {
        assertThat(w.existed()).as("%s existed", w.id()).isEqualTo(store.containsKey(w.id()));
        if (w.existed()) {
          assertThat(Tiles.partialTiles(oldSize)).anyMatch(p -> p.id().equals(w.id()));
        }
        store.put(w.id(), w.hashes());
      }
      size += batch;
      sizes.add(size);
      for (Tiles.TileWidth partial : Tiles.partialTiles(size)) {
        assertThat(store.get(partial.id())).hasSize(partial.width() * TreeHashes.SIZE);
      }
    }
    NodeReader reader = Tiles.reader(ids -> fetch(store, ids));
    for (long s : sizes) {
      assertThat(MerkleProofs.root(s, reader)).as("root of %d", s).isEqualTo(root(tree, s));
    }
    for (long s : new long[] {255, 256, 257, 65_535, 65_536, 65_537, 69_999, 70_000}) {
      assertThat(MerkleProofs.root(s, reader)).as("root of %d", s).isEqualTo(root(tree, s));
    }
    for (int i = 0; i < 300; i++) {
      long s = 1 + random.nextInt(total);
      long index = random.nextInt((int) s);
      ProofVerifier.verifyInclusion(
          index,
          s,
          tree.leaves.get((int) index),
          MerkleProofs.inclusion(index, s, reader),
          MerkleProofs.root(s, reader));
    }
  }

  @Test
  void aNodeComesFromOneTile() {
    assertThat(Tiles.tileOf(new NodeId(0, 513))).isEqualTo(new TileId(0, 2));
    assertThat(Tiles.tileOf(new NodeId(7, 3))).isEqualTo(new TileId(0, 1));
    assertThat(Tiles.tileOf(new NodeId(8, 3))).isEqualTo(new TileId(1, 0));
    assertThat(Tiles.tileOf(new NodeId(9, 300))).isEqualTo(new TileId(1, 2));
    assertThat(Tiles.partialTiles(65_536 + 300))
        .containsExactly(
            new Tiles.TileWidth(new TileId(0, 257), 44),
            new Tiles.TileWidth(new TileId(1, 1), 1),
            new Tiles.TileWidth(new TileId(2, 0), 1));
  }

  private static int pickBatch(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 1;
      case 1 -> 1 + random.nextInt(300);
      case 2 -> 1 + random.nextInt(3000);
      default -> 10_000;
    };
  }

  private static byte[] root(ReferenceTree tree, long size) {
    CompactRange range = CompactRange.empty(0);
    for (int i = 0; i < size; i++) {
      range.appendLeaf(tree.leaves.get(i));
    }
    return range.root();
  }

  private static Map<TileId, byte[]> fetch(Map<TileId, byte[]> store, Iterable<TileId> ids) {
    Map<TileId, byte[]> out = new HashMap<>();
    for (TileId id : ids) {
      if (store.containsKey(id)) {
        out.put(id, store.get(id));
      }
    }
    return out;
  }
}
