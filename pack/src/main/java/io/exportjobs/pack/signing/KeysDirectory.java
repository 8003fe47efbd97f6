package io.exportjobs.pack.signing;

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
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of Ed25519 signing keys, as the worker and the api keep them and the command line
 * rotates them: {@code <keyId>.pub.pem} for every key ever made there (so rotated keys stay
 * listed), {@code <keyId>.key.pem} (mode 600) for the active key only, and {@code active} naming
 * the active key id.
 *
 * <p>{@link #ensureActiveKey} generates a key in a directory that has none; processes that start
 * together agree on one through a file lock and atomic renames. {@link #rotate} makes a new active
 * key and deletes the retired private key. The directory is re-read on each call, so a rotation
 * done by another process takes effect without a restart.
 */
public final class KeysDirectory {

  static final String ACTIVE_FILE = "active";
  static final String LOCK_FILE = ".lock";
  static final String PUBLIC_SUFFIX = ".pub.pem";
  static final String PRIVATE_SUFFIX = ".key.pem";
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");
  private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private volatile SigningKey cachedActive;

  public KeysDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path path() {
    return dir;
  }

  /** Whether {@code keyId} has the form of a key id: 64 lower-case hex digits. */
  public static boolean isKeyId(String keyId) {
    return keyId != null && KEY_ID.matcher(keyId).matches();
  }

  /** The id that {@code active} names, empty when the directory has no key yet. */
  public Optional<String> activeKeyId() {
    return readActiveId(dir);
  }

  /** The active key, read again after a rotation. */
  public SigningKey activeKey() {
    for (int attempt = 0; ; attempt++) {
      String keyId = readActiveId(dir).orElseThrow(() -> noActiveKey(dir));
      SigningKey current = cachedActive;
      if (current != null && current.keyId().equals(keyId)) {
        return current;
      }
      try {
        SigningKey loaded = SigningKey.load(dir.resolve(keyId + PRIVATE_SUFFIX));
        cachedActive = loaded;
        return loaded;
      } catch (UncheckedIOException e) {
        // a rotation between reading `active` and the key file: read `active` again, once
        if (attempt > 0 || !(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      }
    }
  }

  /** The public key of every key made here, by file name; none when there is no directory. */
  public List<PublicKey> publicKeys() {
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

  /** {@link #publicKeys()} as listed to users: the active one first, then by key id. */
  public List<PublicSigningKey> listed() {
    String active = activeKeyId().orElse(null);
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (PublicKey key : publicKeys()) {
      keys.putIfAbsent(Ed25519Keys.keyId(key), key);
    }
    return keys.entrySet().stream()
        .map(e -> PublicSigningKey.of(e.getValue(), e.getKey().equals(active)))
        .sorted(PublicSigningKey.ACTIVE_FIRST)
        .toList();
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

  /** The active key id of {@code keysDir}, generating a key when there is none. */
  public static String ensureActiveKey(Path keysDir) {
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
    return PublicSigningKey.of(pair.getPublic(), true);
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
    if (!isKeyId(id)) {
      throw new IllegalStateException(file + " does not name a key id (64 lower-case hex)");
    }
    return Optional.of(id);
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
}
