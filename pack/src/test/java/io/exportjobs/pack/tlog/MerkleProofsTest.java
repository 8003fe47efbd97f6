package io.exportjobs.pack.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /** RFC 6962's test tree (the leaf inputs and roots transparency-dev/merkle tests with). */
  @Test
  void rootsOfTheRfc6962TestTree() {
    String[] inputs = {
      "",
      "00",
      "10",
      "2021",
      "3031",
      "40414243",
      "5051525354555657",
      "606162636465666768696a6b6c6d6e6f"
    };
    String[] roots = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    };
    CompactRange range = CompactRange.empty(0);
    assertThat(range.root()).isEqualTo(hex(roots[0]));
    for (int i = 0; i < inputs.length; i++) {
      range.appendLeaf(TreeHashes.leaf(hex(inputs[i])));
      assertThat(HexFormat.of().formatHex(range.root()))
          .as("size %d", i + 1)
          .isEqualTo(roots[i + 1]);
    }
  }

  @Test
  void compactRangeNodesAreTheFewestAlignedSubtrees() {
    for (long begin = 0; begin < 70; begin++) {
      for (long end = begin; end < 140; end++) {
        List<NodeId> nodes = CompactRange.nodes(begin, end);
        long pos = begin;
        for (int i = 0; i < nodes.size(); i++) {
          NodeId n = nodes.get(i);
          assertThat(n.begin()).isEqualTo(pos);
          pos = n.end();
          if (i > 0) {
            NodeId prev = nodes.get(i - 1);
            boolean siblings = prev.level() == n.level() && (prev.index() & 1) == 0;
            assertThat(siblings).as("[%d, %d) has siblings %s %s", begin, end, prev, n).isFalse();
          }
        }
        assertThat(pos).isEqualTo(end);
        // at most two nodes per level: one on the left border, one on the right
        assertThat(nodes.size()).isLessThanOrEqualTo(2 * 64);
      }
    }
    assertThat(CompactRange.nodes(0, 1000))
        .containsExactly(
            new NodeId(9, 0),
            new NodeId(8, 2),
            new NodeId(7, 6),
            new NodeId(6, 14),
            new NodeId(5, 30),
            new NodeId(3, 124));
  }

  @Test
  void rootsAndRangesAgreeWithTheRecursiveDefinition() {
    ReferenceTree tree = ReferenceTree.ofSize(300);
    for (int size = 0; size <= 300; size++) {
      assertThat(MerkleProofs.root(size, tree.reader())).isEqualTo(tree.mth(0, size));
    }
    for (int begin = 0; begin <= 40; begin++) {
      for (int end = begin; end <= 40; end++) {
        for (int size : new int[] {end, 40, 57}) {
          List<byte[]> span = tree.leaves.subList(begin, end);
          byte[] root =
              ProofVerifier.rootFromRanges(
                  size,
                  begin,
                  MerkleProofs.compactRange(0, begin, tree.reader()).hashes(),
                  span,
                  MerkleProofs.compactRange(end, size, tree.reader()).hashes());
          assertThat(root).isEqualTo(tree.mth(0, size));
        }
      }
    }
  }

  @Test
  void inclusionProofsAreRfc9162PathsAndVerify() {
    ReferenceTree tree = ReferenceTree.ofSize(130);
    for (int size = 1; size <= 130; size++) {
      byte[] root = tree.mth(0, size);
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = MerkleProofs.inclusion(index, size, tree.reader());
        assertThat(proof).containsExactlyElementsOf(tree.path(index, 0, size));
        ProofVerifier.verifyInclusion(index, size, tree.leaves.get(index), proof, root);
      }
    }
  }

  @Test
  void consistencyProofsAreRfc9162ProofsAndVerify() {
    ReferenceTree tree = ReferenceTree.ofSize(80);
    for (int to = 1; to <= 80; to++) {
      for (int from = 0; from <= to; from++) {
        List<byte[]> proof = MerkleProofs.consistency(from, to, tree.reader());
        if (from > 0 && from < to) {
          assertThat(proof).containsExactlyElementsOf(tree.proof(from, to));
        } else {
          assertThat(proof).isEmpty();
        }
        ProofVerifier.verifyConsistency(from, to, tree.mth(0, from), tree.mth(0, to), proof);
      }
    }
  }

  @Test
  void tamperedInclusionProofsFail() {
    ReferenceTree tree = ReferenceTree.ofSize(100);
    byte[] root = tree.mth(0, 77);
    for (int index : new int[] {0, 1, 31, 64, 76}) {
      byte[] leaf = tree.leaves.get(index);
      List<byte[]> proof = MerkleProofs.inclusion(index, 77, tree.reader());
      for (int i = 0; i < proof.size(); i++) {
        List<byte[]> bad = new ArrayList<>(proof);
        bad.set(i, flip(bad.get(i)));
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, 77, leaf, bad, root))
            .isInstanceOf(ProofException.class);
      }
      List<byte[]> shorter = proof.subList(0, proof.size() - 1);
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, 77, leaf, shorter, root))
          .hasMessageContaining("fewer hashes");
      List<byte[]> longer = new ArrayList<>(proof);
      longer.add(root);
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, 77, leaf, longer, root))
          .hasMessageContaining("more hashes");
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, 77, flip(leaf), proof, root))
          .hasMessageContaining("does not lead to the root");
      assertThatThrownBy(
              () -> ProofVerifier.verifyInclusion(index, 77, leaf, proof, tree.mth(0, 76)))
          .isInstanceOf(ProofException.class);
      int other = (index + 1) % 77;
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(other, 77, leaf, proof, root))
          .isInstanceOf(ProofException.class);
    }
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(77, 77, root, List.of(), root))
        .hasMessageContaining("not in a tree of size 77");
  }

  @Test
  void tamperedConsistencyProofsFail() {
    ReferenceTree tree = ReferenceTree.ofSize(100);
    for (int[] pair : new int[][] {{1, 2}, {4, 100}, {7, 8}, {33, 97}, {64, 65}, {99, 100}}) {
      int from = pair[0];
      int to = pair[1];
      byte[] r1 = tree.mth(0, from);
      byte[] r2 = tree.mth(0, to);
      List<byte[]> proof = MerkleProofs.consistency(from, to, tree.reader());
      for (int i = 0; i < proof.size(); i++) {
        List<byte[]> bad = new ArrayList<>(proof);
        bad.set(i, flip(bad.get(i)));
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(from, to, r1, r2, bad))
            .as("%d -> %d, hash %d changed", from, to, i)
            .isInstanceOf(ProofException.class);
      }
      assertThatThrownBy(() -> ProofVerifier.verifyConsistency(from, to, flip(r1), r2, proof))
          .isInstanceOf(ProofException.class);
      assertThatThrownBy(() -> ProofVerifier.verifyConsistency(from, to, r1, flip(r2), proof))
          .isInstanceOf(ProofException.class);
      assertThatThrownBy(() -> ProofVerifier.verifyConsistency(from, to, r1, r2, List.of()))
          .hasMessageContaining("empty");
    }
    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(5, 5, tree.mth(0, 5), tree.mth(0, 6), List.of()))
        .hasMessageContaining("different roots");
  }

  @Test
  void rootFromRangesNoticesAMissingAddedOrChangedLeaf() {
    ReferenceTree tree = ReferenceTree.ofSize(50);
    byte[] root = tree.mth(0, 50);
    List<byte[]> left = MerkleProofs.compactRange(0, 10, tree.reader()).hashes();
    List<byte[]> right = MerkleProofs.compactRange(20, 50, tree.reader()).hashes();
    List<byte[]> span = new ArrayList<>(tree.leaves.subList(10, 20));
    assertThat(ProofVerifier.rootFromRanges(50, 10, left, span, right)).isEqualTo(root);

    List<byte[]> swapped = new ArrayList<>(span);
    swapped.set(3, span.get(4));
    swapped.set(4, span.get(3));
    assertThat(ProofVerifier.rootFromRanges(50, 10, left, swapped, right)).isNotEqualTo(root);
    List<byte[]> changed = new ArrayList<>(span);
    changed.set(0, flip(span.get(0)));
    assertThat(ProofVerifier.rootFromRanges(50, 10, left, changed, right)).isNotEqualTo(root);
    assertThatThrownBy(() -> ProofVerifier.rootFromRanges(50, 10, left, span.subList(0, 9), right))
        .isInstanceOf(ProofException.class);
    List<byte[]> added = new ArrayList<>(span);
    added.add(tree.leaves.get(20));
    assertThatThrownBy(() -> ProofVerifier.rootFromRanges(50, 10, left, added, right))
        .isInstanceOf(ProofException.class);
  }

  @Test
  void randomLargeTreesAgree() {
    Random random = new Random(14);
    ReferenceTree tree = ReferenceTree.ofSize(5000);
    NodeReader reader = tree.reader();
    for (int i = 0; i < 200; i++) {
      int size = 1 + random.nextInt(5000);
      int index = random.nextInt(size);
      int from = random.nextInt(size + 1);
      byte[] root = MerkleProofs.root(size, reader);
      ProofVerifier.verifyInclusion(
          index, size, tree.leaves.get(index), MerkleProofs.inclusion(index, size, reader), root);
      ProofVerifier.verifyConsistency(
          from,
          size,
          MerkleProofs.root(from, reader),
          root,
          MerkleProofs.consistency(from, size, reader));
    }
  }

  static byte[] flip(byte[] hash) {
    byte[] copy = hash.clone();
    copy[copy.length - 1] ^= 1;
    return copy;
  }
}
