package io.exportjobs.shared.artifact;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured artifact stores by target name. Closing it closes the stores' clients. */
public class ArtifactStores implements AutoCloseable {

  public static final String DEFAULT_TARGET = "default";

  private final Map<String, ArtifactStore> stores;

  public ArtifactStores(Map<String, ArtifactStore> stores) {
    this.stores = Map.copyOf(stores);
  }

  public static ArtifactStores from(ArtifactProperties properties, Path dataDir) {
    Map<String, ArtifactStore> stores = new LinkedHashMap<>();
    stores.put(
        DEFAULT_TARGET, new FilesystemArtifactStore(DEFAULT_TARGET, dataDir.resolve("artifacts")));
    try {
      properties.targets().forEach((name, target) -> stores.put(name, create(name, target)));
    } catch (RuntimeException e) {
      new ArtifactStores(stores).close();
      throw e;
    }
    return new ArtifactStores(stores);
  }

  private static ArtifactStore create(String name, ArtifactProperties.Target target) {
    String type = target.type() == null ? "filesystem" : target.type();
    switch (type) {
      case "filesystem" -> {
        if (target.path() == null || target.path().isBlank()) {
          throw new IllegalStateException("artifact target '" + name + "' needs a path");
        }
        return new FilesystemArtifactStore(name, Path.of(target.path()));
      }
      case "s3" -> {
        try {
          S3ArtifactStore store = new S3ArtifactStore(name, target.s3Settings());
          return Boolean.TRUE.equals(target.presign())
              ? store.presigning(target.presignLifetime(), target.presignEndpoint())
              : store;
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              "artifact target '" + name + "' is not a valid s3 target: " + e.getMessage(), e);
        }
      }
      default ->
          throw new IllegalStateException(
              "artifact target '"
                  + name
                  + "' has unsupported type '"
                  + type
                  + "' (filesystem or s3)");
    }
  }

  public Optional<ArtifactStore> find(String target) {
    return Optional.ofNullable(stores.get(target));
  }

  public ArtifactStore get(String target) {
    return find(target)
        .orElseThrow(() -> new IllegalArgumentException("unknown artifact target: " + target));
  }

  public Set<String> targets() {
    return stores.keySet();
  }

  @Override
  public void close() {
    for (ArtifactStore store : stores.values()) {
      if (store instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing clients at shutdown: nothing left to do about a failure
        }
      }
    }
  }
}
