package io.exportjobs.pack.signing;

import java.security.PublicKey;
import java.util.Comparator;

/**
 * A public key that verifies packs, as {@code GET /signing-keys} lists it.
 *
 * @param keyId SHA-256 (hex) of the DER SubjectPublicKeyInfo
 * @param algorithm always {@code ed25519}
 * @param publicKeyPem {@code -----BEGIN PUBLIC KEY-----} PEM
 * @param active whether new packs are signed with it
 */
public record PublicSigningKey(
    String keyId, String algorithm, String publicKeyPem, boolean active) {

  public static final String ED25519 = "ed25519";

  /** How keys are listed: the active one first, then by key id. */
  public static final Comparator<PublicSigningKey> ACTIVE_FIRST =
      Comparator.comparing((PublicSigningKey k) -> !k.active())
          .thenComparing(PublicSigningKey::keyId);

  /** The listing of an Ed25519 public key. */
  public static PublicSigningKey of(PublicKey key, boolean active) {
    return new PublicSigningKey(
        Ed25519Keys.keyId(key), ED25519, Ed25519Keys.publicKeyPem(key), active);
  }
}
