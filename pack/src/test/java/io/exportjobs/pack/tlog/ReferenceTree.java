package io.exportjobs.pack.tlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9162's definitions written out literally and recursively (MTH, PATH, PROOF), to check the
 * iterative code against: slow, obviously right.
 */
final class ReferenceTree {

  final List<byte[]> leaves = new ArrayList<>();

  static ReferenceTree ofSize(int n) {
    ReferenceTree tree = new ReferenceTree();
    for (int i = 0; i < n; i++) {
      tree.leaves.add(leafFor(i));
    }
    return tree;
  }

  /** A deterministic leaf hash for leaf {@code i}: the leaf hash of a made-up entry hash. */
  static byte[] leafFor(long i) {
    return TreeHashes.leaf(TreeHashes.sha256("entry " + i));
  }

  byte[] mth(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return TreeHashes.emptyRoot();
    }
    if (n == 1) {
      return leaves.get(from);
    }
    int k = largestPowerOfTwoBelow(n);
    return TreeHashes.node(mth(from, from + k), mth(from + k, to));
  }

  /** PATH(m, D[from:to]). */
  List<byte[]> path(int m, int from, int to) {
    int n = to - from;
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      out.addAll(path(m, from, from + k));
      out.add(mth(from + k, to));
    } else {
      out.addAll(path(m - k, from + k, to));
      out.add(mth(from, from + k));
    }
    return out;
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  List<byte[]> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<byte[]> subproof(int m, int from, int to, boolean b) {
    int n = to - from;
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(from, to));
      }
      return out;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      out.addAll(subproof(m, from, from + k, b));
      out.add(mth(from + k, to));
    } else {
      out.addAll(subproof(m - k, from + k, to, false));
      out.add(mth(from, from + k));
    }
    return out;
  }

  /** Every perfect subtree's hash, as a store would hold them. */
  NodeReader reader() {
    Map<NodeId, byte[]> cache = new HashMap<>();
    return nodes -> {
      Map<NodeId, byte[]> out = new HashMap<>();
      for (NodeId id : nodes) {
        if (id.end() > leaves.size()) {
          throw new IllegalStateException("node " + id + " is not complete");
        }
        out.put(id, cache.computeIfAbsent(id, x -> mth((int) x.begin(), (int) x.end())));
      }
      return out;
    };
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
