package io.exportjobs.shared.signing;

import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.signing.KeysDirectory;
import io.exportjobs.pack.signing.PublicSigningKey;
import io.exportjobs.pack.signing.Signer;
import io.exportjobs.pack.signing.SigningKey;
import io.exportjobs.pack.verify.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keyring that signs packs and checkpoints and lists the public keys that verify them, as
 * {@code exportjobs.signing} configures it: the active key of the keys directory ({@link
 * KeysDirectory}, generated on first start), or a configured {@code keyFile}, which takes
 * precedence; retired keys stay listed from the directory and from {@code publicKeyFiles}.
 *
 * <p>The directory is re-read on each call, so a rotation done by another process (or the command
 * line: {@code java -cp exportjobs-verify.jar io.exportjobs.verifier.SigningKeysCommand rotate
 * DIR}) takes effect without a restart.
 */
public final class SigningKeys {

  private final KeysDirectory directory;
  private final boolean readOnly;
  private final SigningKey configuredKey;
  private final List<Path> publicKeyFiles;

  private SigningKeys(SigningProperties properties, Path dataDir, boolean readOnly) {
    this.directory = new KeysDirectory(properties.keysDirOrDefault(dataDir));
    this.readOnly = readOnly;
    this.publicKeyFiles = properties.publicKeyFiles();
    this.configuredKey = properties.keyFile() == null ? null : configured(properties, readOnly);
  }

  private static SigningKey configured(SigningProperties properties, boolean readOnly) {
    try {
      return SigningKey.load(properties.keyFile());
    } catch (UncheckedIOException e) {
      if (readOnly) {
        // a process that only verifies may not be allowed to read the private key: it lists the
        // keys directory and publicKeyFiles, which should then hold the public half
        return null;
      }
      throw e;
    }
  }

  /**
   * The keyring of a process that signs (the worker, and the api for checkpoints): uses {@code
   * keyFile}, or the active key of the keys directory, generating one there if it has none.
   */
  public static SigningKeys forSigning(SigningProperties properties, Path dataDir) {
    SigningKeys keys = new SigningKeys(properties, dataDir, false);
    if (keys.configuredKey == null) {
      KeysDirectory.ensureActiveKey(keys.directory.path());
    }
    return keys;
  }

  /**
   * The keyring of a process that only lists and verifies: reads public keys, never generates or
   * writes. {@link #active()} is refused.
   */
  public static SigningKeys readOnly(SigningProperties properties, Path dataDir) {
    return new SigningKeys(properties, dataDir, true);
  }

  /** The key new packs are signed with. */
  public Signer active() {
    if (readOnly) {
      throw new IllegalStateException("this keyring is read-only: it lists and verifies only");
    }
    return configuredKey != null ? configuredKey : directory.activeKey();
  }

  /** Every public key that verifies packs: the active one first, then the others by key id. */
  public List<PublicSigningKey> publicKeys() {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    String activeId;
    if (configuredKey != null) {
      activeId = configuredKey.keyId();
      keys.put(activeId, configuredKey.publicKey());
    } else {
      activeId = directory.activeKeyId().orElse(null);
    }
    for (PublicKey key : directory.publicKeys()) {
      keys.putIfAbsent(Ed25519Keys.keyId(key), key);
    }
    for (Path file : publicKeyFiles) {
      for (PublicKey key : Ed25519Keys.parsePublicKeys(read(file))) {
        keys.putIfAbsent(Ed25519Keys.keyId(key), key);
      }
    }
    String active = activeId;
    return keys.entrySet().stream()
        .map(e -> PublicSigningKey.of(e.getValue(), e.getKey().equals(active)))
        .sorted(PublicSigningKey.ACTIVE_FIRST)
        .toList();
  }

  /** The public key with this id, if it is one of {@link #publicKeys()}. */
  public Optional<PublicKey> publicKey(String keyId) {
    if (!KeysDirectory.isKeyId(keyId)) {
      return Optional.empty();
    }
    return publicKeys().stream()
        .filter(k -> k.keyId().equals(keyId))
        .findFirst()
        .map(k -> Ed25519Keys.parsePublicKeys(k.publicKeyPem()).get(0));
  }

  /** Every key of {@link #publicKeys()}, as a pack's reader trusts them. */
  public PublicKeys trusted() {
    return PublicKeys.of(
        publicKeys().stream()
            .map(k -> Ed25519Keys.parsePublicKeys(k.publicKeyPem()).get(0))
            .toList());
  }

  public Path keysDir() {
    return directory.path();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
