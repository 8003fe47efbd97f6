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

  /**
   * One store. {@code type: filesystem} (the default) uses {@code path}, its root directory. {@code
   * type: s3} uses {@code bucket}; {@code endpoint} (for SeaweedFS, MinIO, …; absent for AWS),
   * {@code region} (default {@code us-east-1}), {@code access-key} and {@code secret-key} (absent:
   * the AWS SDK's default credential chain), {@code prefix} (a key prefix inside the bucket),
   * {@code path-style} (default true when an endpoint is set) and {@code create-bucket} (default
   * false) are optional. {@code presign: true} (s3 only) has downloads answered 302 to a URL
   * presigned for {@code presign-lifetime} (default {@code PT5M}), at {@code presign-endpoint} when
   * clients reach the store at another address than the service does.
   */
  public record Target(
      String type,
      String path,
      String bucket,
      String endpoint,
      String region,
      String accessKey,
      String secretKey,
      String prefix,
      Boolean pathStyle,
      Boolean createBucket,
      Boolean presign,
      java.time.Duration presignLifetime,
      String presignEndpoint) {

    /** A filesystem target rooted at {@code path}. */
    public static Target filesystem(String path) {
      return new Target(
          "filesystem", path, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The S3 settings of an {@code s3} target. */
    public S3ArtifactStore.Settings s3Settings() {
      return new S3ArtifactStore.Settings(
          bucket,
          endpoint,
          region,
          accessKey,
          secretKey,
          prefix,
          pathStyle,
          Boolean.TRUE.equals(createBucket));
    }
  }
}
