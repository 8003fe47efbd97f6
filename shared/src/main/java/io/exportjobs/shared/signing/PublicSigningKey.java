package io.exportjobs.shared.signing;

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
}
