package io.exportjobs.shared.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.core.io.Resource;

/** Where finished artifacts live. Keys are relative, slash-separated paths. */
public interface ArtifactStore {

  /** The target name jobs use to select this store. */
  String target();

  /**
   * Stores {@code source} under {@code key}, replacing what was there. Readers see either the old
   * bytes or all of the new ones, never a partial file.
   */
  void put(String key, Path source) throws IOException;

  /**
   * Stores {@code source} under {@code key} as {@link #put} does, taking the file over: a store
   * that can moves it there instead of copying its bytes, so {@code source} may be gone afterwards.
   */
  default void take(String key, Path source) throws IOException {
    put(key, source);
  }

  /** Size in bytes, or empty if there is no such artifact. */
  OptionalLong size(String key) throws IOException;

  /**
   * The artifact as a readable resource. Its stream is positioned cheaply by {@code skip}, so
   * Spring MVC's byte-range handling does not read what it skips.
   */
  Resource resource(String key) throws IOException;

  /**
   * The bytes {@code [offset, offset + length)} of the artifact (fewer if it is shorter), reading
   * only those from the store. The caller closes the stream.
   */
  default InputStream openRange(String key, long offset, long length) throws IOException {
    InputStream in = resource(key).getInputStream();
    try {
      in.skipNBytes(offset);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new BoundedInputStream(in, length);
  }

  /**
   * A time-limited URL that downloads the artifact from the store itself, if this store hands them
   * out (an S3 target with {@code presign: true}); empty otherwise, and the api streams the bytes.
   */
  default Optional<PresignedUrl> presign(String key, String fileName, String contentType) {
    return Optional.empty();
  }

  /** Deletes the artifact; true if it existed. */
  boolean delete(String key) throws IOException;
}
