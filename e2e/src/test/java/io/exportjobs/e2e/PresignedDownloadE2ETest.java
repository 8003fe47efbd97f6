package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.shared.artifact.S3ArtifactStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 15, done-when 4: an S3 target with presigning on answers {@code GET /exports/{id}/artifact}
 * with 302 to a presigned URL of SeaweedFS; the URL downloads exactly the artifact's bytes (sha256
 * equal), stops working after its lifetime (3 seconds here; 5 minutes by default), and the ledger
 * has {@code export.downloaded} with the URL's expiry. The filesystem target still streams.
 */
class PresignedDownloadE2ETest {

  static final Duration LIFETIME = Duration.ofSeconds(3);

  static String bucket;
  static S3Client bucketClient;

  /** The stack's settings: a target in a new bucket of the test S3. */
  @RegisterExtension static final Stack stack = Stack.perClass(PresignedDownloadE2ETest::s3Target);

  static final Http http = stack.http("dev-demo-writer");
  static final HttpClient NO_REDIRECTS =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static Map<String, String> s3Target() {
    RealServers.S3 s3 = RealServers.s3();
    bucket = "exportjobs-presign-" + UUID.randomUUID().toString().substring(0, 8);
    bucketClient =
        S3ArtifactStore.newClient(
            S3ArtifactStore.Settings.of(bucket, s3.endpoint(), s3.accessKey(), s3.secretKey()));
    bucketClient.createBucket(b -> b.bucket(bucket));
    Map<String, String> props = new LinkedHashMap<>();
    props.put("exportjobs.artifacts.targets.s3.type", "s3");
    props.put("exportjobs.artifacts.targets.s3.bucket", bucket);
    props.put("exportjobs.artifacts.targets.s3.endpoint", s3.endpoint());
    props.put("exportjobs.artifacts.targets.s3.access-key", s3.accessKey());
    props.put("exportjobs.artifacts.targets.s3.secret-key", s3.secretKey());
    props.put("exportjobs.artifacts.targets.s3.presign", "true");
    props.put("exportjobs.artifacts.targets.s3.presign-lifetime", LIFETIME.toString());
    return props;
  }

  @AfterAll
  static void stop() {
    if (bucketClient != null) {
      try {
        for (S3Object o : bucketClient.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
          bucketClient.deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
        bucketClient.deleteBucket(b -> b.bucket(bucket));
      } finally {
        bucketClient.close();
      }
    }
  }

  @Test
  void s3DownloadIsA302ToAPresignedUrlThatExpires() throws Exception {
    LedgerFixtures.appendSpread(
        stack.apiBean(io.exportjobs.shared.ledger.LedgerStore.class),
        "demo",
        Instant.parse("2026-10-01T00:00:00Z"),
        Instant.parse("2026-11-01T00:00:00Z"),
        500);
    String id = export("s3");
    JsonNode artifact =
        http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200))
            .get("artifact");

    Instant asked = Instant.now();
    Http.Response redirect = http.get("/exports/" + id + "/artifact");
    assertThat(redirect.status()).as(redirect.text()).isEqualTo(302);
    URI presigned = URI.create(redirect.header("Location"));
    assertThat(presigned.toString())
        .startsWith(RealServers.s3().endpoint())
        .contains("X-Amz-Signature=")
        .contains("X-Amz-Expires=" + LIFETIME.toSeconds());

    // the URL gives exactly the artifact's bytes, without any credential of ours
    HttpResponse<byte[]> bytes = fetch(presigned);
    assertThat(bytes.statusCode()).isEqualTo(200);
    assertThat(Digests.sha256Hex(bytes.body())).isEqualTo(artifact.get("sha256").asText());
    assertThat((long) bytes.body().length).isEqualTo(artifact.get("sizeBytes").asLong());

    // the ledger has the download, with the URL's expiry, before anyone used it
    JsonNode entry = lastDownload(id);
    assertThat(entry.get("actor").asText()).isEqualTo("dev-demo-writer");
    JsonNode attributes = entry.get("attributes");
    assertThat(attributes.get("status").asInt()).isEqualTo(302);
    assertThat(attributes.get("presigned").asBoolean()).isTrue();
    Instant expiresAt = Instant.parse(attributes.get("urlExpiresAt").asText());
    // X-Amz-Date (whole seconds, no earlier than the request) plus the lifetime
    assertThat(expiresAt)
        .as("%s", presigned)
        .isAfter(asked)
        .isBefore(asked.plus(LIFETIME).plusSeconds(2));

    // after its lifetime the URL no longer works
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> fetch(presigned).statusCode() == 403);
    assertThat(Instant.now()).isAfter(expiresAt);
  }

  @Test
  void theFilesystemTargetStillStreams() throws Exception {
    String id = export("default");
    JsonNode artifact =
        http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200))
            .get("artifact");
    Http.Response download = http.get("/exports/" + id + "/artifact");
    assertThat(download.status()).isEqualTo(200);
    assertThat(Digests.sha256Hex(download.body())).isEqualTo(artifact.get("sha256").asText());
    assertThat(lastDownload(id).get("attributes").get("status").asInt()).isEqualTo(200);
  }

  private static String export(String target) {
    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "range",
                Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-11-01T00:00:00Z"),
                "target",
                target));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    return created.json().get("id").asText();
  }

  private static JsonNode lastDownload(String id) {
    JsonNode items =
        http.as("dev-demo-admin")
            .get("/ledger/entries?pageSize=200&action=export.downloaded&resource=export:" + id)
            .json()
            .get("items");
    assertThat(items.size()).isPositive();
    return items.get(items.size() - 1);
  }

  private static HttpResponse<byte[]> fetch(URI url) throws Exception {
    return NO_REDIRECTS.send(
        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
