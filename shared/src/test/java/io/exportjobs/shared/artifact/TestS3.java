package io.exportjobs.shared.artifact;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SeaweedFS S3 gateway that `make test` starts ({@code EXPORTJOBS_TEST_S3_ENDPOINT}, {@code
 * _ACCESS_KEY}, {@code _SECRET_KEY}). Without it these tests are skipped locally and fail in CI
 * ({@code EXPORTJOBS_REQUIRE_SERVERS=1}).
 */
final class TestS3 {

  private TestS3() {}

  static String endpoint() {
    String endpoint = System.getenv("EXPORTJOBS_TEST_S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      String message =
          "EXPORTJOBS_TEST_S3_ENDPOINT is not set: these tests need an S3 gateway (run `make"
              + " test`)";
      if ("1".equals(System.getenv("EXPORTJOBS_REQUIRE_SERVERS"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return endpoint;
  }

  static S3ArtifactStore.Settings settings(String bucket) {
    return S3ArtifactStore.Settings.of(
        bucket,
        endpoint(),
        System.getenv("EXPORTJOBS_TEST_S3_ACCESS_KEY"),
        System.getenv("EXPORTJOBS_TEST_S3_SECRET_KEY"));
  }

  /** A bucket name no other test uses. */
  static String freshBucket(String purpose) {
    return "exportjobs-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A plain client with the test credentials, to look at the bucket behind the store's back. */
  static S3Client rawClient(String bucket) {
    return S3ArtifactStore.newClient(settings(bucket));
  }
}
