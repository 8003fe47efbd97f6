package io.exportjobs.pack.verify;

import io.exportjobs.pack.tlog.TreeHashes;
import java.util.Arrays;

/**
 * The seqs and Merkle leaf hashes of entries.ndjson, in file order, packed into two arrays (40
 * bytes an entry), so that a pack of a million entries is proved in a few dozen MiB.
 */
final class Leaves {

  private long[] seqs = new long[1024];
  private byte[] hashes = new byte[1024 * TreeHashes.SIZE];
  private int size;

  void add(long seq, byte[] leafHash) {
    if (size == seqs.length) {
      seqs = Arrays.copyOf(seqs, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2 * TreeHashes.SIZE);
    }
    seqs[size] = seq;
    System.arraycopy(leafHash, 0, hashes, size * TreeHashes.SIZE, TreeHashes.SIZE);
    size++;
  }

  int size() {
    return size;
  }

  long seq(int i) {
    return seqs[i];
  }

  byte[] hash(int i) {
    return Arrays.copyOfRange(hashes, i * TreeHashes.SIZE, (i + 1) * TreeHashes.SIZE);
  }
}
