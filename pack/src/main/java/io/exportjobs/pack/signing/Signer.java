package io.exportjobs.pack.signing;

/** Signs with one Ed25519 private key, named by its key id. */
public interface Signer {

  /** 64 lower-case hex digits: SHA-256 of the public key's DER SubjectPublicKeyInfo. */
  String keyId();

  /** The 64-byte Ed25519 signature of {@code message}. */
  byte[] sign(byte[] message);
}
