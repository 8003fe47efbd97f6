package io.exportjobs.pack.verify;

import io.exportjobs.pack.tlog.TreeHashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seqs and Merkle leaf hashes of entries.ndjson, in file order, 40 bytes an entry, in chunks of
 * {@value #CHUNK} entries: growing never copies what is held, so a pack of a million entries is
 * proved in about 40 MiB, where doubling arrays needed half as much again while they grew (a
 * verifier under {@code -Xmx64m} ran out of heap at the last doubling).
 */
final class Leaves {

  static final int CHUNK = 8192;

  private final List<long[]> seqs = new ArrayList<>();
  private final List<byte[]> hashes = new ArrayList<>();
  private int size;

  void add(long seq, byte[] leafHash) {
    int at = size % CHUNK;
    if (at == 0) {
      seqs.add(new long[CHUNK]);
      hashes.add(new byte[CHUNK * TreeHashes.SIZE]);
    }
    seqs.get(seqs.size() - 1)[at] = seq;
    System.arraycopy(
        leafHash, 0, hashes.get(hashes.size() - 1), at * TreeHashes.SIZE, TreeHashes.SIZE);
    size++;
  }

  int size() {
    return size;
  }

  long seq(int i) {
    return seqs.get(i / CHUNK)[i % CHUNK];
  }

  byte[] hash(int i) {
    int at = (i % CHUNK) * TreeHashes.SIZE;
    return Arrays.copyOfRange(hashes.get(i / CHUNK), at, at + TreeHashes.SIZE);
  }
}
