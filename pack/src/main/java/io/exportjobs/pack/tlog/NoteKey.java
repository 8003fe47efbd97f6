package io.exportjobs.pack.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An Ed25519 public key under a name, as C2SP signed notes (and Go's {@code
 * golang.org/x/mod/sumdb/note}) know it: key id = the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖
 * 32-byte public key), verifier key {@code <name>+<8 hex key id>+<base64(0x01 ‖ public key)>}.
 */
public record NoteKey(String name, byte[] publicKey) {

  /** The signature type byte of Ed25519 in signed notes. */
  static final byte ED25519 = 0x01;

  private static final Pattern SPACE = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);
  // DER SubjectPublicKeyInfo of an Ed25519 key: this prefix, then the 32-byte key
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  public NoteKey {
    requireValidName(name);
    if (publicKey == null || publicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The key of a JDK Ed25519 public key (as {@code Ed25519Keys} makes and parses them). */
  public static NoteKey of(String name, PublicKey key) {
    byte[] der = key.getEncoded();
    if (der == null
        || der.length != SPKI_PREFIX.length + 32
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return new NoteKey(name, Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length));
  }

  /** Key names are non-empty and hold neither Unicode spaces nor {@code +}. */
  public static void requireValidName(String name) {
    if (name == null || name.isEmpty() || name.indexOf('+') >= 0 || SPACE.matcher(name).find()) {
      throw new IllegalArgumentException(
          "a note key name is non-empty, without spaces or '+': " + name);
    }
  }

  /** The 4-byte key id, as a big-endian unsigned number. */
  public int keyId() {
    MessageDigest md = sha256();
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0x0A);
    md.update(ED25519);
    md.update(publicKey);
    return ByteBuffer.wrap(md.digest()).getInt();
  }

  /** {@code <name>+<8 hex key id>+<base64(0x01 ‖ public key)>}. */
  public String verifierKey() {
    return name + "+" + String.format("%08x", keyId()) + "+" + base64TypedKey();
  }

  /** Reads a verifier key string; refuses one whose key id does not match its name and key. */
  public static NoteKey parseVerifierKey(String vkey) {
    String[] parts = vkey == null ? new String[0] : vkey.split("\\+", 3);
    if (parts.length != 3 || parts[1].length() != 8) {
      throw new IllegalArgumentException("a verifier key is <name>+<8 hex>+<base64>");
    }
    byte[] typed;
    int id;
    try {
      typed = Base64.getDecoder().decode(parts[2]);
      id = (int) Long.parseLong(parts[1], 16);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a verifier key is <name>+<8 hex>+<base64>", e);
    }
    if (typed.length != 33 || typed[0] != ED25519) {
      throw new IllegalArgumentException("not an Ed25519 verifier key (type 0x01, 32 bytes)");
    }
    NoteKey key = new NoteKey(parts[0], Arrays.copyOfRange(typed, 1, typed.length));
    if (key.keyId() != id) {
      throw new IllegalArgumentException("the verifier key's id does not match its name and key");
    }
    return key;
  }

  /** The JDK public key, to verify with. */
  public PublicKey javaKey() {
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
    System.arraycopy(publicKey, 0, der, SPKI_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required by the Java platform (17+)", e);
    }
  }

  private String base64TypedKey() {
    byte[] typed = new byte[33];
    typed[0] = ED25519;
    System.arraycopy(publicKey, 0, typed, 1, 32);
    return Base64.getEncoder().encodeToString(typed);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteKey k && name.equals(k.name) && Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "NoteKey[" + verifierKey() + "]";
  }
}
