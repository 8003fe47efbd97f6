package io.exportjobs.shared.artifact;

/** Where an artifact lives: the configured store ({@code target}) and the key inside it. */
public record ArtifactLocation(String target, String key) {

  /** Keys derive from tenant, job id and attempt, so a retried activity rewrites the same key. */
  public static String keyFor(String tenant, String jobId, int attempt, String fileName) {
    return tenant + "/" + jobId + "/attempt-" + attempt + "/" + fileName;
  }

  @Override
  public String toString() {
    return target + ":" + key;
  }

  public static ArtifactLocation parse(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not an artifact location: " + value);
    }
    return new ArtifactLocation(value.substring(0, colon), value.substring(colon + 1));
  }
}
