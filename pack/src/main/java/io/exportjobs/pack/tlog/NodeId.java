package io.exportjobs.pack.tlog;

/**
 * A node of the tree: {@code level} 0 holds the leaves, and node {@code (level, index)} is the root
 * of the perfect subtree over leaves {@code [index·2^level, (index+1)·2^level)}, as in
 * transparency-dev/merkle's {@code compact.NodeID}.
 */
public record NodeId(int level, long index) {

  public NodeId {
    if (level < 0 || level > 63 || index < 0) {
      throw new IllegalArgumentException("no such node: level " + level + ", index " + index);
    }
  }

  /** The first leaf this node covers. */
  public long begin() {
    return index << level;
  }

  /** One past the last leaf this node covers. */
  public long end() {
    return (index + 1) << level;
  }
}
