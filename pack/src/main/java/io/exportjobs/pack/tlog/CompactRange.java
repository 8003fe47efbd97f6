package io.exportjobs.pack.tlog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A compact range, as in transparency-dev/merkle's {@code compact.Range}: the hashes of the fewest
 * aligned perfect subtrees that cover leaves {@code [begin, end)}, ordered left to right. Two
 * ranges that meet merge into one, and a range from leaf 0 folds into the tree's root, so a
 * verifier that holds the ranges left and right of a span, and the span's leaves, rebuilds the
 * root.
 *
 * <p>Mutable: {@link #appendLeaf} and {@link #append} grow it to the right.
 */
public final class CompactRange {

  private final long begin;
  private long end;
  private final List<NodeId> ids = new ArrayList<>();
  private final List<byte[]> hashes = new ArrayList<>();

  private CompactRange(long begin) {
    this.begin = begin;
    this.end = begin;
  }

  /** An empty range that grows from {@code begin}. */
  public static CompactRange empty(long begin) {
    if (begin < 0) {
      throw new IllegalArgumentException("begin must be at least 0");
    }
    return new CompactRange(begin);
  }

  /**
   * The range {@code [begin, end)} with its subtree hashes, left to right; refused unless there are
   * exactly as many as the range has subtrees.
   */
  public static CompactRange of(long begin, long end, List<byte[]> hashes) {
    List<NodeId> nodes = nodes(begin, end);
    if (hashes.size() != nodes.size()) {
      throw new IllegalArgumentException(
          "the compact range ["
              + begin
              + ", "
              + end
              + ") has "
              + nodes.size()
              + " hashes, not "
              + hashes.size());
    }
    CompactRange range = new CompactRange(begin);
    range.end = end;
    range.ids.addAll(nodes);
    for (byte[] hash : hashes) {
      range.hashes.add(TreeHashes.requireHash(hash, "a compact range hash").clone());
    }
    return range;
  }

  /**
   * The nodes of the compact range {@code [begin, end)}, left to right: from {@code begin}, each
   * time the largest subtree that starts there (aligned) and still ends within the range.
   */
  public static List<NodeId> nodes(long begin, long end) {
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no such range: [" + begin + ", " + end + ")");
    }
    List<NodeId> nodes = new ArrayList<>();
    long pos = begin;
    while (pos < end) {
      int level = Math.min(Long.numberOfTrailingZeros(pos), 62); // 64 for leaf 0
      while (level > 0 && (1L << level) > end - pos) {
        level--;
      }
      nodes.add(new NodeId(level, pos >>> level));
      pos += 1L << level;
    }
    return nodes;
  }

  public long begin() {
    return begin;
  }

  public long end() {
    return end;
  }

  /** The subtree hashes, left to right. */
  public List<byte[]> hashes() {
    return Collections.unmodifiableList(hashes);
  }

  public List<NodeId> nodeIds() {
    return Collections.unmodifiableList(ids);
  }

  /** Adds the leaf hash of leaf {@code end}. */
  public CompactRange appendLeaf(byte[] leafHash) {
    push(new NodeId(0, end), TreeHashes.requireHash(leafHash, "a leaf hash").clone());
    return this;
  }

  /** Merges {@code other}, which must start where this range ends, into this one. */
  public CompactRange append(CompactRange other) {
    if (other.begin != end) {
      throw new IllegalArgumentException(
          "ranges do not meet: this one ends at " + end + ", the other begins at " + other.begin);
    }
    for (int i = 0; i < other.ids.size(); i++) {
      push(other.ids.get(i), other.hashes.get(i));
    }
    return this;
  }

  /**
   * The root of the tree over leaves {@code [0, end)}: the subtrees folded from the right. Only a
   * range from leaf 0 has one; the empty tree's root is SHA-256 of nothing.
   */
  public byte[] root() {
    if (begin != 0) {
      throw new IllegalStateException("only a range that begins at leaf 0 has a root");
    }
    if (hashes.isEmpty()) {
      return TreeHashes.emptyRoot();
    }
    byte[] root = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      root = TreeHashes.node(hashes.get(i), root);
    }
    return root;
  }

  /**
   * Adds a node at the right end, then merges siblings as long as the two last nodes are the left
   * and right child of one parent: what is left has no two siblings, which is the compact form.
   */
  private void push(NodeId id, byte[] hash) {
    if (id.begin() != end) {
      throw new IllegalArgumentException("node " + id + " does not start at leaf " + end);
    }
    ids.add(id);
    hashes.add(hash);
    end = id.end();
    int n = ids.size();
    while (n >= 2) {
      NodeId left = ids.get(n - 2);
      NodeId right = ids.get(n - 1);
      if (left.level() != right.level() || (left.index() & 1) != 0) {
        break;
      }
      byte[] parent = TreeHashes.node(hashes.get(n - 2), hashes.get(n - 1));
      ids.remove(n - 1);
      hashes.remove(n - 1);
      ids.set(n - 2, new NodeId(left.level() + 1, left.index() >>> 1));
      hashes.set(n - 2, parent);
      n--;
    }
  }
}
