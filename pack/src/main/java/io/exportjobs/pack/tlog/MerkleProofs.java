package io.exportjobs.pack.tlog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Roots, RFC 9162 inclusion and consistency proofs, and compact ranges of a tree of a given size,
 * built from the hashes of its perfect subtrees. Every element of a proof is the hash of a run of
 * leaves {@code [a, b)} whose start is aligned, so it folds from that run's compact range: a proof
 * of a tree of N leaves reads O(log N) nodes, all in one {@link NodeReader#read} call.
 */
public final class MerkleProofs {

  private MerkleProofs() {}

  /** The root of the tree over leaves {@code [0, size)}. */
  public static byte[] root(long size, NodeReader reader) {
    requireSize(size);
    if (size == 0) {
      return TreeHashes.emptyRoot();
    }
    return hashes(List.of(new long[] {0, size}), reader).get(0);
  }

  /** RFC 9162 §2.1.3.1 PATH(index, D[0:size]), the hash next to the leaf first. */
  public static List<byte[]> inclusion(long index, long size, NodeReader reader) {
    requireSize(size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + size);
    }
    List<long[]> ranges = new ArrayList<>();
    long lo = 0;
    long hi = size;
    while (hi - lo > 1) {
      long k = Long.highestOneBit(hi - lo - 1);
      if (index < lo + k) {
        ranges.add(new long[] {lo + k, hi});
        hi = lo + k;
      } else {
        ranges.add(new long[] {lo, lo + k});
        lo = lo + k;
      }
    }
    Collections.reverse(ranges);
    return hashes(ranges, reader);
  }

  /**
   * RFC 9162 §2.1.4.1 PROOF(fromSize, D[0:toSize]); empty when {@code fromSize} is 0 or equals
   * {@code toSize}, as transparency-dev/merkle expects.
   */
  public static List<byte[]> consistency(long fromSize, long toSize, NodeReader reader) {
    requireSize(fromSize);
    if (toSize < fromSize) {
      throw new IllegalArgumentException(
          "fromSize " + fromSize + " is larger than toSize " + toSize);
    }
    if (fromSize == 0 || fromSize == toSize) {
      return List.of();
    }
    List<long[]> ranges = new ArrayList<>();
    long m = fromSize;
    long lo = 0;
    long hi = toSize;
    boolean whole = true; // SUBPROOF's b: the old tree's root is known to the verifier
    while (m != hi - lo) {
      long k = Long.highestOneBit(hi - lo - 1);
      if (m <= k) {
        ranges.add(new long[] {lo + k, hi});
        hi = lo + k;
      } else {
        ranges.add(new long[] {lo, lo + k});
        m -= k;
        lo += k;
        whole = false;
      }
    }
    if (!whole) {
      ranges.add(new long[] {lo, hi});
    }
    Collections.reverse(ranges);
    return hashes(ranges, reader);
  }

  /** The compact range of leaves {@code [begin, end)} of a tree that has at least {@code end}. */
  public static CompactRange compactRange(long begin, long end, NodeReader reader) {
    List<NodeId> ids = CompactRange.nodes(begin, end);
    Map<NodeId, byte[]> read = read(ids, reader);
    List<byte[]> hashes = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      hashes.add(read.get(id));
    }
    return CompactRange.of(begin, end, hashes);
  }

  /**
   * The hash of each run of leaves {@code [a, b)}, where {@code a} is a multiple of a power of two
   * at least {@code b - a}: its compact range folded from the right.
   */
  private static List<byte[]> hashes(List<long[]> ranges, NodeReader reader) {
    Set<NodeId> all = new LinkedHashSet<>();
    for (long[] r : ranges) {
      all.addAll(CompactRange.nodes(r[0], r[1]));
    }
    Map<NodeId, byte[]> read = read(all, reader);
    List<byte[]> out = new ArrayList<>(ranges.size());
    for (long[] r : ranges) {
      List<NodeId> nodes = CompactRange.nodes(r[0], r[1]);
      byte[] hash = read.get(nodes.get(nodes.size() - 1));
      for (int i = nodes.size() - 2; i >= 0; i--) {
        hash = TreeHashes.node(read.get(nodes.get(i)), hash);
      }
      out.add(hash);
    }
    return out;
  }

  private static Map<NodeId, byte[]> read(java.util.Collection<NodeId> ids, NodeReader reader) {
    Map<NodeId, byte[]> read = reader.read(ids);
    for (NodeId id : ids) {
      TreeHashes.requireHash(read.get(id), "the stored hash of node " + id);
    }
    return read;
  }

  private static void requireSize(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is at least 0");
    }
  }
}
