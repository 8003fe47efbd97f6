package io.exportjobs.shared.artifact;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.artifacts.targets.<name>}: the stores a job's {@code target} can name. The
 * target {@code default} is a filesystem store under the data folder unless configured.
 */
@ConfigurationProperties("exportjobs.artifacts")
public record ArtifactProperties(Map<String, Target> targets) {

  public ArtifactProperties {
    targets = targets == null ? Map.of() : Map.copyOf(targets);
  }

  /** One store: {@code type} is {@code filesystem}; {@code path} its root directory. */
  public record Target(String type, String path) {}
}
