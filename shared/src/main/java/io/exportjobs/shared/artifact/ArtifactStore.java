package io.exportjobs.shared.artifact;

import java.io.IOException;
import java.nio.file.Path;
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

  /** Size in bytes, or empty if there is no such artifact. */
  OptionalLong size(String key) throws IOException;

  /** The artifact as a readable resource (supports byte ranges through Spring MVC). */
  Resource resource(String key) throws IOException;

  /** Deletes the artifact; true if it existed. */
  boolean delete(String key) throws IOException;
}
