package io.exportjobs.pack.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

/** An Ed25519 private key with its public half and key id: a {@link Signer}. */
public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey)
    implements Signer {

  /** The key of a PEM PKCS#8 file. */
  public static SigningKey load(Path pemFile) {
    String pem;
    try {
      pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pemFile, e);
    }
    PrivateKey privateKey = Ed25519Keys.parsePrivateKey(pem);
    PublicKey publicKey = Ed25519Keys.publicKeyOf(privateKey);
    return new SigningKey(Ed25519Keys.keyId(publicKey), privateKey, publicKey);
  }

  @Override
  public byte[] sign(byte[] message) {
    return Ed25519Keys.sign(privateKey, message);
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }
}
