package io.exportjobs.shared.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The keyring that signs packs and lists the public keys that verify them.
 *
 * <p>Keys directory layout: {@code <keyId>.pub.pem} for every key ever made there (so rotated keys
 * stay listed), {@code <keyId>.key.pem} (mode 600) for the active key only, and {@code active}
 * naming the active key id. The first {@link #forSigning} on an empty directory generates a key;
 * processes that start together agree on one through a file lock and atomic renames. {@link
 * #rotate} makes a new active key and deletes the retired private key. A configured {@code keyFile}
 * takes precedence over the directory's active key.
 *
 * <p>The directory is re-read on each call, so a rotation done by another process (or the CLI:
 * {@code java -cp exportjobs-verify.jar io.exportjobs.shared.signing.SigningKeys rotate DIR}) takes
 * effect without a restart.
 */
public final class SigningKeys {

  static final String ACTIVE_FILE = "active";
  static final String LOCK_FILE = ".lock";
  static final String PUBLIC_SUFFIX = ".pub.pem";
  static final String PRIVATE_SUFFIX = ".key.pem";
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path keysDir;
  private final boolean readOnly;
  private final ActiveKey configuredKey;
  private final List<Path> publicKeyFiles;
  private volatile ActiveKey cachedActive;

  private SigningKeys(SigningProperties properties, Path dataDir, boolean readOnly) {
    this.keysDir = properties.keysDirOrDefault(dataDir).toAbsolutePath().normalize();
    this.readOnly = readOnly;
    this.publicKeyFiles = properties.publicKeyFiles();
    this.configuredKey = properties.keyFile() == null ? null : configured(properties, readOnly);
  }

  private static ActiveKey configured(SigningProperties properties, boolean readOnly) {
    try {
      return loadKeyFile(properties.keyFile());
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
   * The keyring of a process that signs (the worker): uses {@code keyFile}, or the active key of
   * the keys directory, generating one there if it has none.
   */
  public static SigningKeys forSigning(SigningProperties properties, Path dataDir) {
    SigningKeys keys = new SigningKeys(properties, dataDir, false);
    if (keys.configuredKey == null) {
      ensureActiveKey(keys.keysDir);
    }
    return keys;
  }

  /**
   * The keyring of a process that only lists and verifies (the api): reads public keys, never
   * generates or writes. {@link #active()} is refused.
   */
  public static SigningKeys readOnly(SigningProperties properties, Path dataDir) {
    return new SigningKeys(properties, dataDir, true);
  }

  /** The key new packs are signed with. */
  public Signer active() {
    if (readOnly) {
      throw new IllegalStateException("this keyring is read-only: it lists and verifies only");
    }
    if (configuredKey != null) {
      return configuredKey.signer();
    }
    for (int attempt = 0; ; attempt++) {
      String keyId = readActiveId(keysDir).orElseThrow(() -> noActiveKey(keysDir));
      ActiveKey current = cachedActive;
      if (current != null && current.keyId().equals(keyId)) {
        return current.signer();
      }
      try {
        ActiveKey loaded = loadKeyFile(keysDir.resolve(keyId + PRIVATE_SUFFIX));
        cachedActive = loaded;
        return loaded.signer();
      } catch (UncheckedIOException e) {
        // a rotation between reading `active` and the key file: read `active` again, once
        if (attempt > 0 || !(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      }
    }
  }

  /** Every public key that verifies packs: the active one first, then the others by key id. */
  public List<PublicSigningKey> publicKeys() {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    String activeId = null;
    if (configuredKey != null) {
      activeId = configuredKey.keyId();
      keys.put(activeId, configuredKey.publicKey());
    } else {
      activeId = readActiveId(keysDir).orElse(null);
    }
    for (PublicKey key : directoryPublicKeys(keysDir)) {
      keys.putIfAbsent(Ed25519Keys.keyId(key), key);
    }
    for (Path file : publicKeyFiles) {
      for (PublicKey key : Ed25519Keys.parsePublicKeys(read(file))) {
        keys.putIfAbsent(Ed25519Keys.keyId(key), key);
      }
    }
    String active = activeId;
    return keys.entrySet().stream()
        .map(
            e ->
                new PublicSigningKey(
                    e.getKey(),
                    PublicSigningKey.ED25519,
                    Ed25519Keys.publicKeyPem(e.getValue()),
                    e.getKey().equals(active)))
        .sorted(
            Comparator.comparing((PublicSigningKey k) -> !k.active())
                .thenComparing(PublicSigningKey::keyId))
        .toList();
  }

  /** The public key with this id, if it is one of {@link #publicKeys()}. */
  public Optional<PublicKey> publicKey(String keyId) {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      return Optional.empty();
    }
    return publicKeys().stream()
        .filter(k -> k.keyId().equals(keyId))
        .findFirst()
        .map(k -> Ed25519Keys.parsePublicKeys(k.publicKeyPem()).get(0));
  }

  public Path keysDir() {
    return keysDir;
  }

  /**
   * Makes a new active key in {@code keysDir}; the previous key's public half stays listed, its
   * private half is deleted. Safe against concurrent starts and rotations.
   */
  public static PublicSigningKey rotate(Path keysDir) {
    Path dir = keysDir.toAbsolutePath().normalize();
    return underLock(
        dir,
        () -> {
          Optional<String> previous = readActiveId(dir);
          PublicSigningKey created = createKey(dir);
          previous
              .filter(id -> !id.equals(created.keyId()))
              .ifPresent(id -> deleteQuietly(dir.resolve(id + PRIVATE_SUFFIX)));
          return created;
        });
  }

  /** The active key of {@code keysDir}, generating one when there is none. */
  static String ensureActiveKey(Path keysDir) {
    Path dir = keysDir.toAbsolutePath().normalize();
    Optional<String> existing = readActiveId(dir);
    if (existing.isPresent()) {
      return existing.get();
    }
    return underLock(dir, () -> readActiveId(dir).orElseGet(() -> createKey(dir).keyId()));
  }

  private static PublicSigningKey createKey(Path dir) {
    KeyPair pair = Ed25519Keys.generate();
    String keyId = Ed25519Keys.keyId(pair.getPublic());
    writeAtomically(
        dir, keyId + PRIVATE_SUFFIX, Ed25519Keys.privateKeyPem(pair.getPrivate()), true);
    writeAtomically(dir, keyId + PUBLIC_SUFFIX, Ed25519Keys.publicKeyPem(pair.getPublic()), false);
    // last: only now do other processes see the new key as active
    writeAtomically(dir, ACTIVE_FILE, keyId + "\n", false);
    return new PublicSigningKey(
        keyId, PublicSigningKey.ED25519, Ed25519Keys.publicKeyPem(pair.getPublic()), true);
  }

  private interface LockedAction<T> {
    T run();
  }

  /** One holder per directory: a JVM monitor (file locks are per process) and a file lock. */
  private static <T> T underLock(Path dir, LockedAction<T> action) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the signing keys directory " + dir, e);
    }
    synchronized (JVM_LOCKS.computeIfAbsent(dir, d -> new Object())) {
      try (FileChannel channel =
              FileChannel.open(
                  dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        return action.run();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock the signing keys directory " + dir, e);
      }
    }
  }

  private static Optional<String> readActiveId(Path dir) {
    Path file = dir.resolve(ACTIVE_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String id = read(file).trim();
    if (!KEY_ID.matcher(id).matches()) {
      throw new IllegalStateException(file + " does not name a key id (64 lower-case hex)");
    }
    return Optional.of(id);
  }

  private static List<PublicKey> directoryPublicKeys(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<PublicKey> keys = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().endsWith(PUBLIC_SUFFIX)) {
          keys.addAll(Ed25519Keys.parsePublicKeys(read(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return keys;
  }

  private static ActiveKey loadKeyFile(Path file) {
    PrivateKey privateKey = Ed25519Keys.parsePrivateKey(read(file));
    PublicKey publicKey = Ed25519Keys.publicKeyOf(privateKey);
    return new ActiveKey(Ed25519Keys.keyId(publicKey), privateKey, publicKey);
  }

  private static void writeAtomically(Path dir, String name, String text, boolean secret) {
    Path target = dir.resolve(name);
    try {
      Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");
      Files.deleteIfExists(tmp);
      if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the key is retired either way: `active` no longer names it
    }
  }

  private static IllegalStateException noActiveKey(Path dir) {
    return new IllegalStateException("no active signing key in " + dir);
  }

  private record ActiveKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {
    Signer signer() {
      String id = keyId;
      PrivateKey key = privateKey;
      return new Signer() {
        @Override
        public String keyId() {
          return id;
        }

        @Override
        public byte[] sign(byte[] message) {
          return Ed25519Keys.sign(key, message);
        }
      };
    }
  }

  /**
   * {@code rotate DIR} makes a new active key; {@code init DIR} makes one if there is none; {@code
   * list DIR} prints the key ids (active marked with {@code *}).
   */
  public static void main(String[] args) {
    if (args.length != 2 || !List.of("rotate", "init", "list").contains(args[0])) {
      System.err.println("usage: SigningKeys rotate|init|list KEYS_DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "rotate" -> System.out.println("active key: " + rotate(dir).keyId());
      case "init" -> System.out.println("active key: " + ensureActiveKey(dir));
      default ->
          readOnly(SigningProperties.inDirectory(dir), dir)
              .publicKeys()
              .forEach(k -> System.out.println((k.active() ? "* " : "  ") + k.keyId()));
    }
  }
}
