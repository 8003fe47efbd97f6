package io.exportjobs.shared.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/** Artifacts as files under a root directory; writes go to a temporary name, then rename. */
public class FilesystemArtifactStore implements ArtifactStore {

  private final String target;
  private final Path root;

  public FilesystemArtifactStore(String target, Path root) {
    this.target = target;
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String target() {
    return target;
  }

  public Path root() {
    return root;
  }

  @Override
  public void put(String key, Path source) throws IOException {
    Path destination = resolve(key);
    Files.createDirectories(destination.getParent());
    Path temp = destination.resolveSibling(destination.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A rename when {@code source} is on the store's filesystem (a staged file usually is): atomic,
   * and no byte is copied. Across filesystems, a copy as {@link #put} makes.
   */
  @Override
  public void take(String key, Path source) throws IOException {
    Path destination = resolve(key);
    Files.createDirectories(destination.getParent());
    try {
      Files.move(
          source, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException otherFilesystem) {
      put(key, source);
    }
  }

  @Override
  public OptionalLong size(String key) throws IOException {
    Path file = resolve(key);
    return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
  }

  @Override
  public Resource resource(String key) {
    return new FileSystemResource(resolve(key));
  }

  @Override
  public InputStream openRange(String key, long offset, long length) throws IOException {
    return BoundedInputStream.ofFile(resolve(key), offset, length);
  }

  @Override
  public boolean delete(String key) throws IOException {
    Path file = resolve(key);
    boolean existed = Files.deleteIfExists(file);
    pruneEmptyParents(file.getParent());
    return existed;
  }

  /** Removes now-empty folders up to the root; missing or busy folders end the walk quietly. */
  private void pruneEmptyParents(Path dir) throws IOException {
    while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
      try {
        Files.delete(dir);
      } catch (java.nio.file.NoSuchFileException gone) {
        // already removed (a repeated delete): keep walking up
      } catch (java.nio.file.DirectoryNotEmptyException inUse) {
        return;
      }
      dir = dir.getParent();
    }
  }

  /** Resolves a key inside the root; a key that would escape it is refused. */
  Path resolve(String key) {
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("artifact key escapes the store: " + key);
    }
    return path;
  }
}
