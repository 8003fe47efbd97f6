package io.exportjobs.shared.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.signing.KeysDirectory;
import io.exportjobs.pack.signing.PublicSigningKey;
import io.exportjobs.pack.signing.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyring as {@code exportjobs.signing} configures it (the directory: KeysDirectoryTest). */
class SigningKeysTest {

  @TempDir Path data;

  private static byte[] message() {
    return "DSSEv1 4 test 5 hello".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theFirstStartGeneratesAKeyInTheDataDirectory() {
    SigningKeys keys = SigningKeys.forSigning(new SigningProperties(null, null, null), data);

    Signer signer = keys.active();
    Path dir = data.resolve("signing-keys");
    assertThat(keys.keysDir()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(Files.exists(dir.resolve(signer.keyId() + ".key.pem"))).isTrue();
    assertThat(keys.publicKeys())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.keyId()).isEqualTo(signer.keyId());
              assertThat(k.algorithm()).isEqualTo("ed25519");
              assertThat(k.active()).isTrue();
            });
    PublicKey publicKey = keys.publicKey(signer.keyId()).orElseThrow();
    assertThat(Ed25519Keys.verify(publicKey, message(), signer.sign(message()))).isTrue();

    // a restart keeps the key
    assertThat(
            SigningKeys.forSigning(new SigningProperties(null, null, null), data).active().keyId())
        .isEqualTo(signer.keyId());
  }

  @Test
  void theReadOnlyKeyringNeverGeneratesNorSigns() {
    SigningKeys readOnly = SigningKeys.readOnly(new SigningProperties(null, null, null), data);

    assertThat(readOnly.publicKeys()).isEmpty();
    assertThatThrownBy(readOnly::active).isInstanceOf(IllegalStateException.class);
    assertThat(Files.exists(data.resolve("signing-keys"))).isFalse();

    String id =
        SigningKeys.forSigning(new SigningProperties(null, null, null), data).active().keyId();
    assertThat(readOnly.publicKeys()).extracting(PublicSigningKey::keyId).containsExactly(id);
    assertThat(readOnly.publicKey(id)).isPresent();
    assertThat(readOnly.publicKey("0".repeat(64))).isEmpty();
    assertThat(readOnly.publicKey("../../etc/passwd")).isEmpty();
  }

  @Test
  void aRunningKeyringSignsWithTheRotatedKeyAndKeepsTheOldOneListed() {
    SigningKeys keys =
        SigningKeys.forSigning(SigningProperties.inDirectory(data.resolve("k")), data);
    Signer old = keys.active();
    byte[] oldSignature = old.sign(message());

    PublicSigningKey rotated = KeysDirectory.rotate(data.resolve("k"));

    assertThat(keys.active().keyId()).isEqualTo(rotated.keyId());
    assertThat(keys.publicKeys())
        .extracting(PublicSigningKey::keyId, PublicSigningKey::active)
        .containsExactly(Tuple.tuple(rotated.keyId(), true), Tuple.tuple(old.keyId(), false));
    assertThat(
            Ed25519Keys.verify(keys.publicKey(old.keyId()).orElseThrow(), message(), oldSignature))
        .isTrue();
  }

  @Test
  void aConfiguredKeyFileSignsAndRetiredPublicKeyFilesStillVerify() throws IOException {
    KeyPair configured = Ed25519Keys.generate();
    Path keyFile =
        Files.writeString(
            data.resolve("signing.pem"), Ed25519Keys.privateKeyPem(configured.getPrivate()));
    KeyPair retiredA = Ed25519Keys.generate();
    KeyPair retiredB = Ed25519Keys.generate();
    Path retired =
        Files.writeString(
            data.resolve("retired.pem"),
            Ed25519Keys.publicKeyPem(retiredA.getPublic())
                + Ed25519Keys.publicKeyPem(retiredB.getPublic()));

    SigningKeys keys =
        SigningKeys.forSigning(new SigningProperties(keyFile, null, List.of(retired)), data);

    assertThat(keys.active().keyId()).isEqualTo(Ed25519Keys.keyId(configured.getPublic()));
    assertThat(Ed25519Keys.publicKeyOf(configured.getPrivate()).getEncoded())
        .isEqualTo(configured.getPublic().getEncoded());
    assertThat(keys.publicKeys())
        .extracting(PublicSigningKey::keyId)
        .first()
        .isEqualTo(Ed25519Keys.keyId(configured.getPublic()));
    assertThat(keys.publicKey(Ed25519Keys.keyId(retiredA.getPublic()))).isPresent();
    assertThat(keys.publicKey(Ed25519Keys.keyId(retiredB.getPublic()))).isPresent();
    assertThat(Files.exists(data.resolve("signing-keys"))).as("nothing generated").isFalse();
  }

  @Test
  void aReadOnlyKeyringThatCannotReadTheConfiguredPrivateKeyStillListsTheDirectory() {
    String id =
        SigningKeys.forSigning(new SigningProperties(null, null, null), data).active().keyId();
    Path unreadable = data.resolve("no-such-key.pem");

    SigningKeys readOnly =
        SigningKeys.readOnly(new SigningProperties(unreadable, null, null), data);

    assertThat(readOnly.publicKeys()).extracting(PublicSigningKey::keyId).containsExactly(id);
    assertThatThrownBy(
            () -> SigningKeys.forSigning(new SigningProperties(unreadable, null, null), data))
        .hasMessageContaining("cannot read");
  }
}
