package io.exportjobs.shared.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Putting and taking files into a filesystem store, on one filesystem and across two. */
class FilesystemArtifactStoreTest {

  static final String KEY = "demo/exp-demo-01JSTORE/attempt-1/exp-demo-01JSTORE.ndjson";

  @TempDir Path root;
  @TempDir Path staging;
  Path elsewhere;

  @AfterEach
  void removeElsewhere() throws Exception {
    if (elsewhere != null) {
      try (Stream<Path> files = Files.walk(elsewhere)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void putCopiesAndLeavesTheSource() throws Exception {
    FilesystemArtifactStore store = new FilesystemArtifactStore("default", root);
    Path source = Files.writeString(staging.resolve("a.part"), "{\"seq\":1}\n");

    store.put(KEY, source);

    assertThat(root.resolve(KEY)).hasContent("{\"seq\":1}\n");
    assertThat(source).exists();
    assertThat(fileKey(root.resolve(KEY))).isNotEqualTo(fileKey(source));
  }

  @Test
  void takeOnTheSameFilesystemMovesTheFileWithoutCopyingIt() throws Exception {
    FilesystemArtifactStore store = new FilesystemArtifactStore("default", root);
    Path source = Files.writeString(staging.resolve("a.part"), "{\"seq\":1}\n");
    Object identity = fileKey(source);
    Files.createDirectories(root.resolve(KEY).getParent());
    Files.writeString(root.resolve(KEY), "older bytes");

    store.take(KEY, source);

    assertThat(root.resolve(KEY)).hasContent("{\"seq\":1}\n");
    assertThat(fileKey(root.resolve(KEY))).as("the same file, renamed").isEqualTo(identity);
    assertThat(source).doesNotExist();
    assertThat(filesUnder(root)).containsExactly(root.resolve(KEY));
  }

  /**
   * A staged file on another filesystem (here: the store on tmpfs, {@code /dev/shm}) cannot be
   * renamed into the store; it is copied, completely, under a temporary name first.
   */
  @Test
  void takeAcrossFilesystemsCopiesTheBytes() throws Exception {
    elsewhere = Files.createTempDirectory(Path.of("/dev/shm"), "exportjobs-store-");
    assertThat(Files.getFileStore(elsewhere))
        .as("/dev/shm is a filesystem of its own")
        .isNotEqualTo(Files.getFileStore(staging));
    FilesystemArtifactStore store = new FilesystemArtifactStore("default", elsewhere);
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    Path source = Files.write(staging.resolve("b.part"), bytes);

    store.take(KEY, source);

    assertThat(Files.readAllBytes(elsewhere.resolve(KEY))).isEqualTo(bytes);
    assertThat(filesUnder(elsewhere))
        .as("no temporary file is left")
        .containsExactly(elsewhere.resolve(KEY));
  }

  private static Object fileKey(Path file) throws Exception {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private static List<Path> filesUnder(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
