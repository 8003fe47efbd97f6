package io.exportjobs.pack.tlog;

import java.util.Collection;
import java.util.Map;

/** Where proofs read the hashes of complete subtrees from: a tile store, or memory in tests. */
@FunctionalInterface
public interface NodeReader {

  /**
   * The hash of every node asked for; each is the root of a perfect subtree of the tree as stored,
   * so its hash never changes once written. Fails if one is missing.
   */
  Map<NodeId, byte[]> read(Collection<NodeId> nodes);
}
