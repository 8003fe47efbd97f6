package io.exportjobs.pack.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks proofs against roots, with nothing but the proof, the hashes it is about and the roots:
 * RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), and the root rebuilt from a span of
 * leaves between two compact ranges. Each check throws {@link ProofException} saying what did not
 * match.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /** The root that an inclusion proof of {@code leafHash} at {@code index} leads to. */
  public static byte[] rootFromInclusion(
      long index, long size, byte[] leafHash, List<byte[]> path) {
    if (index < 0 || index >= size) {
      throw new ProofException("leaf index " + index + " is not in a tree of size " + size);
    }
    requireHashes(path, "inclusion proof");
    long fn = index;
    long sn = size - 1;
    byte[] r = TreeHashes.requireHash(leafHash, "the leaf hash");
    for (byte[] p : path) {
      if (sn == 0) {
        throw new ProofException("the inclusion proof has more hashes than a tree of its size");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = TreeHashes.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = TreeHashes.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException("the inclusion proof has fewer hashes than a tree of its size");
    }
    return r;
  }

  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
    byte[] computed = rootFromInclusion(index, size, leafHash, path);
    if (!MessageDigest.isEqual(computed, TreeHashes.requireHash(root, "the root"))) {
      throw new ProofException(
          "the inclusion proof of leaf " + index + " does not lead to the root of size " + size);
    }
  }

  /** Proves that the tree of {@code toSize} leaves extends the one of {@code fromSize}. */
  public static void verifyConsistency(
      long fromSize, long toSize, byte[] fromRoot, byte[] toRoot, List<byte[]> path) {
    TreeHashes.requireHash(fromRoot, "the first root");
    TreeHashes.requireHash(toRoot, "the second root");
    requireHashes(path, "consistency proof");
    if (fromSize < 0 || toSize < fromSize) {
      throw new ProofException("no consistency from size " + fromSize + " to size " + toSize);
    }
    if (fromSize == toSize || fromSize == 0) {
      if (!path.isEmpty()) {
        throw new ProofException(
            "a consistency proof from size " + fromSize + " to " + toSize + " is empty");
      }
      if (fromSize == toSize && !MessageDigest.isEqual(fromRoot, toRoot)) {
        throw new ProofException("two trees of size " + toSize + " with different roots");
      }
      return;
    }
    if (path.isEmpty()) {
      throw new ProofException("the consistency proof is empty");
    }
    List<byte[]> proof = new ArrayList<>(path);
    if (Long.bitCount(fromSize) == 1) {
      proof.add(0, fromRoot);
    }
    long fn = fromSize - 1;
    long sn = toSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = proof.get(0);
    byte[] sr = proof.get(0);
    for (byte[] c : proof.subList(1, proof.size())) {
      if (sn == 0) {
        throw new ProofException("the consistency proof has more hashes than its sizes need");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = TreeHashes.node(c, fr);
        sr = TreeHashes.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = TreeHashes.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException("the consistency proof has fewer hashes than its sizes need");
    }
    if (!MessageDigest.isEqual(fr, fromRoot)) {
      throw new ProofException(
          "the consistency proof does not lead to the root of size " + fromSize);
    }
    if (!MessageDigest.isEqual(sr, toRoot)) {
      throw new ProofException("the consistency proof does not lead to the root of size " + toSize);
    }
  }

  /**
   * The root of the tree of {@code treeSize} leaves, rebuilt from the compact range {@code left} of
   * {@code [0, begin)}, the leaf hashes of {@code [begin, begin + leaves.size())} and the compact
   * range {@code right} of the rest, up to {@code treeSize}.
   */
  public static byte[] rootFromRanges(
      long treeSize, long begin, List<byte[]> left, List<byte[]> leaves, List<byte[]> right) {
    long end = begin + leaves.size();
    if (begin < 0 || end > treeSize) {
      throw new ProofException(
          "leaves [" + begin + ", " + end + ") are not in a tree of size " + treeSize);
    }
    try {
      CompactRange range = CompactRange.of(0, begin, left);
      for (byte[] leaf : leaves) {
        range.appendLeaf(leaf);
      }
      return range.append(CompactRange.of(end, treeSize, right)).root();
    } catch (IllegalArgumentException e) {
      throw new ProofException(e.getMessage());
    }
  }

  private static void requireHashes(List<byte[]> hashes, String what) {
    for (byte[] h : hashes) {
      if (h == null || h.length != TreeHashes.SIZE) {
        throw new ProofException("a hash of the " + what + " is not " + TreeHashes.SIZE + " bytes");
      }
    }
  }
}
