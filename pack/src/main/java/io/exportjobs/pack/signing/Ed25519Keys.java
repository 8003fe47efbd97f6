package io.exportjobs.pack.signing;

import io.exportjobs.pack.json.Digests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 with the JDK only: key generation, PEM (PKCS#8 private, SubjectPublicKeyInfo public), key
 * ids, signing and verifying. No Spring, so that the offline verifier can use it.
 */
public final class Ed25519Keys {

  public static final String ALGORITHM = "Ed25519";

  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----",
          Pattern.DOTALL);

  private Ed25519Keys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required by the Java platform (17+)", e);
    }
  }

  /** 64 lower-case hex digits of SHA-256 over the DER SubjectPublicKeyInfo of {@code key}. */
  public static String keyId(PublicKey key) {
    return Digests.sha256Hex(key.getEncoded());
  }

  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with Ed25519", e);
    }
  }

  /** False for a wrong key, a malformed signature or a key that is not Ed25519. */
  public static boolean verify(PublicKey key, byte[] message, byte[] sig) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(message);
      return signature.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  public static String privateKeyPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  public static String publicKeyPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /** The single {@code PRIVATE KEY} (PKCS#8) of a PEM text. */
  public static PrivateKey parsePrivateKey(String pemText) {
    List<byte[]> blocks = blocks(pemText, "PRIVATE KEY");
    if (blocks.size() != 1) {
      throw new IllegalArgumentException(
          "expected one PEM 'PRIVATE KEY' block (PKCS#8), found " + blocks.size());
    }
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key", e);
    }
  }

  /** Every {@code PUBLIC KEY} block of a PEM text (a file may hold several). */
  public static List<PublicKey> parsePublicKeys(String pemText) {
    List<PublicKey> keys = new ArrayList<>();
    for (byte[] der : blocks(pemText, "PUBLIC KEY")) {
      try {
        keys.add(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("not an Ed25519 public key", e);
      }
    }
    return keys;
  }

  /**
   * The public half of an Ed25519 private key. The JDK has no API for it, but its key pair
   * generator takes the 32-byte private key straight from the random source, so feeding it the
   * known private key reproduces the pair; the result is checked against the input.
   */
  public static PublicKey publicKeyOf(PrivateKey privateKey) {
    if (!(privateKey instanceof EdECPrivateKey edec) || edec.getBytes().isEmpty()) {
      throw new IllegalArgumentException("not an Ed25519 private key");
    }
    byte[] seed = edec.getBytes().get();
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(255, new FixedBytes(seed));
      KeyPair pair = generator.generateKeyPair();
      byte[] reproduced = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      if (!Arrays.equals(seed, reproduced)) {
        throw new IllegalStateException("could not derive the Ed25519 public key");
      }
      return pair.getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not derive the Ed25519 public key", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static List<byte[]> blocks(String pemText, String type) {
    List<byte[]> out = new ArrayList<>();
    Matcher m = PEM.matcher(pemText);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("invalid base64 in PEM block " + type, e);
        }
      }
    }
    return out;
  }

  /** A "random" source that returns the given bytes once: see {@link #publicKeyOf}. */
  private static final class FixedBytes extends SecureRandom {
    private final byte[] bytes;
    private boolean used;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (used || out.length != bytes.length) {
        throw new IllegalStateException("unexpected request for random bytes");
      }
      used = true;
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
