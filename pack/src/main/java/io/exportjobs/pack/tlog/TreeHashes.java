package io.exportjobs.pack.tlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * RFC 9162 hashing with SHA-256, over the ledger's entries: leaf hash = SHA-256(0x00 ‖ the 32 bytes
 * of the entry's {@code hash}), node hash = SHA-256(0x01 ‖ left ‖ right), and the empty tree's root
 * SHA-256 of nothing.
 */
public final class TreeHashes {

  /** Bytes of every hash here. */
  public static final int SIZE = 32;

  private static final String ENTRY_HASH_PREFIX = "sha256:";
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(TreeHashes::newDigest);

  private TreeHashes() {}

  /** The leaf hash of an entry whose {@code hash} is {@code sha256:<64 lower-case hex>}. */
  public static byte[] leafOfEntry(String entryHash) {
    return leaf(entryHashBytes(entryHash));
  }

  /** The 32 bytes of an entry's {@code sha256:<64 hex>} hash. */
  public static byte[] entryHashBytes(String entryHash) {
    if (entryHash == null
        || entryHash.length() != ENTRY_HASH_PREFIX.length() + 2 * SIZE
        || !entryHash.startsWith(ENTRY_HASH_PREFIX)) {
      throw new IllegalArgumentException("not an entry hash (sha256:<64 hex>): " + entryHash);
    }
    return HexFormat.of().parseHex(entryHash, ENTRY_HASH_PREFIX.length(), entryHash.length());
  }

  /** SHA-256(0x00 ‖ data): RFC 9162's leaf hash, here of the 32 bytes of an entry hash. */
  public static byte[] leaf(byte[] data) {
    MessageDigest md = SHA256.get();
    md.update((byte) 0x00);
    md.update(data);
    return md.digest();
  }

  /** SHA-256(0x01 ‖ left ‖ right). */
  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest md = SHA256.get();
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root of the empty tree: SHA-256 of the empty string. */
  public static byte[] emptyRoot() {
    return SHA256.get().digest(new byte[0]);
  }

  /** The root of a perfect subtree whose {@code 2^k} bottom hashes are given. */
  public static byte[] perfectRoot(byte[][] bottom, int from, int count) {
    if (count <= 0 || Integer.bitCount(count) != 1) {
      throw new IllegalArgumentException("a perfect subtree has 2^k hashes, not " + count);
    }
    byte[][] level = new byte[count][];
    System.arraycopy(bottom, from, level, 0, count);
    for (int width = count; width > 1; width /= 2) {
      for (int i = 0; i < width / 2; i++) {
        level[i] = node(level[2 * i], level[2 * i + 1]);
      }
    }
    return level[0];
  }

  static byte[] requireHash(byte[] hash, String what) {
    if (hash == null || hash.length != SIZE) {
      throw new IllegalArgumentException(what + " must be " + SIZE + " bytes");
    }
    return hash;
  }

  static byte[] sha256(String text) {
    return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
