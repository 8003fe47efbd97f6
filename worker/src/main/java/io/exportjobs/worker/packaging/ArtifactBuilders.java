package io.exportjobs.worker.packaging;

import io.exportjobs.shared.export.ExportType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The builder of each export type. It refuses to start, and with it the worker, unless every type
 * that needs a build step has exactly one builder and no builder claims a type that has none.
 */
@Component
public class ArtifactBuilders {

  private final Map<ExportType, ArtifactBuilder> byType;

  public ArtifactBuilders(List<ArtifactBuilder> builders) {
    Map<ExportType, ArtifactBuilder> map = new EnumMap<>(ExportType.class);
    for (ArtifactBuilder builder : builders) {
      ExportType type = builder.type();
      if (!type.needsBuildStep()) {
        throw new IllegalStateException(
            builder.getClass().getSimpleName()
                + " builds "
                + type.wire()
                + ", which has no build step (the extraction writes it)");
      }
      ArtifactBuilder other = map.put(type, builder);
      if (other != null) {
        throw new IllegalStateException(
            "export type "
                + type.wire()
                + " has two builders: "
                + other.getClass().getSimpleName()
                + " and "
                + builder.getClass().getSimpleName());
      }
    }
    for (ExportType type : ExportType.values()) {
      if (type.needsBuildStep() && !map.containsKey(type)) {
        throw new IllegalStateException(
            "export type " + type.wire() + " needs a build step but has no ArtifactBuilder");
      }
    }
    this.byType = Collections.unmodifiableMap(map);
  }

  /** The builder of {@code type}, which must need a build step. */
  public ArtifactBuilder forType(ExportType type) {
    ArtifactBuilder builder = byType.get(type);
    if (builder == null) {
      throw new IllegalArgumentException(
          "export type " + type.wire() + " has no build step (the extraction writes it)");
    }
    return builder;
  }
}
