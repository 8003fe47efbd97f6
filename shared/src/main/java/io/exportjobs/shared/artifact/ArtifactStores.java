package io.exportjobs.shared.artifact;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured artifact stores by target name. */
public class ArtifactStores {

  public static final String DEFAULT_TARGET = "default";

  private final Map<String, ArtifactStore> stores;

  public ArtifactStores(Map<String, ArtifactStore> stores) {
    this.stores = Map.copyOf(stores);
  }

  public static ArtifactStores from(ArtifactProperties properties, Path dataDir) {
    Map<String, ArtifactStore> stores = new LinkedHashMap<>();
    stores.put(
        DEFAULT_TARGET, new FilesystemArtifactStore(DEFAULT_TARGET, dataDir.resolve("artifacts")));
    properties
        .targets()
        .forEach(
            (name, target) -> {
              String type = target.type() == null ? "filesystem" : target.type();
              if (!"filesystem".equals(type)) {
                throw new IllegalStateException(
                    "artifact target '" + name + "' has unsupported type '" + type + "'");
              }
              if (target.path() == null || target.path().isBlank()) {
                throw new IllegalStateException("artifact target '" + name + "' needs a path");
              }
              stores.put(name, new FilesystemArtifactStore(name, Path.of(target.path())));
            });
    return new ArtifactStores(stores);
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
}
