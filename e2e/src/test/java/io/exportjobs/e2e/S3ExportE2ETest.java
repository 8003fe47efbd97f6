package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.artifact.S3ArtifactStore;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 4, done-when 5: on the real dev server and SeaweedFS, an export with {@code target} = the
 * S3 store completes, its object is in the bucket, it downloads whole and by byte range with the
 * same ETag and Repr-Digest, and after a short retention the job is {@code expired}, the object is
 * gone from the bucket and the download answers 410.
 */
class S3ExportE2ETest {

  /** The export type under test (its default format is used). */
  static final String TYPE = "evidence_pack";

  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  static final String PREFIX = "exports";

  static String bucket;
  static S3Client bucketClient;

  /** The stack's settings: a target in a new bucket of the test S3. */
  @RegisterExtension static final Stack stack = Stack.perClass(S3ExportE2ETest::s3Target);

  static final Http http = stack.http("dev-demo-writer");

  static Map<String, String> s3Target() {
    RealServers.S3 s3 = RealServers.s3();
    bucket = "exportjobs-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    // our own client, to look at the bucket behind the service's back
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
    props.put("exportjobs.artifacts.targets.s3.prefix", PREFIX);
    // a retention of seconds, so that the expiry happens within the test
    props.put("exportjobs.policy.defaults.retention-min", "PT5S");
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
  void exportToS3DownloadsByRangeAndIsGoneFromTheBucketAfterItsRetention() throws Exception {
    LedgerStore ledger = stack.apiBean(LedgerStore.class);
    LedgerFixtures.appendSpread(ledger, "demo", FROM, TO, 3_000);

    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type",
                TYPE,
                "range",
                Map.of("from", FROM.toString(), "to", TO.toString()),
                "target",
                "s3",
                "retention",
                "PT30S"));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();

    JsonNode job = http.awaitStatus(id, "completed", Duration.ofMinutes(3), Duration.ofMillis(200));
    assertThat(job.get("target").asText()).isEqualTo("s3");
    JsonNode artifact = job.get("artifact");
    String sha256 = artifact.get("sha256").asText();
    long size = artifact.get("sizeBytes").asLong();
    assertThat(size).isGreaterThan(100);

    // the object is in the bucket, under the target's prefix, with the artifact's bytes
    ArtifactLocation location =
        stack.apiBean(JobStore.class).find("demo", id).orElseThrow().artifactLocation();
    assertThat(location.target()).isEqualTo("s3");
    String objectKey = PREFIX + "/" + location.key();
    byte[] inBucket =
        bucketClient.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey)).asByteArray();
    assertThat(inBucket).hasSize((int) size);
    assertThat(sha256Hex(inBucket)).isEqualTo(sha256);

    // the whole download
    String etag = "\"" + sha256 + "\"";
    String reprDigest =
        "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":";
    Http.Response full = http.get("/exports/" + id + "/artifact");
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(inBucket);
    assertThat(full.header("ETag")).isEqualTo(etag);
    assertThat(full.header("Repr-Digest")).isEqualTo(reprDigest);
    assertThat(full.header("Content-Length")).isEqualTo(String.valueOf(size));

    // a byte range: exactly those bytes, the same validators
    Http.Response part = http.get("/exports/" + id + "/artifact", "Range", "bytes=10-99");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(full.body(), 10, 100));
    assertThat(part.header("Content-Range")).isEqualTo("bytes 10-99/" + size);
    assertThat(part.header("Content-Length")).isEqualTo("90");
    assertThat(part.header("ETag")).isEqualTo(etag);
    assertThat(part.header("Repr-Digest")).isEqualTo(reprDigest);

    // the pack in the bucket verifies: signature, digests, chain
    JsonNode verification = http.get("/exports/" + id + "/verification").json();
    assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
    assertThat(verification.get("sha256").asText()).isEqualTo(sha256);
    assertThat(verification.get("signature").get("valid").asBoolean()).isTrue();

    // after its retention: expired, gone from the bucket, 410 for a download
    JsonNode expired =
        http.awaitStatus(id, "expired", Duration.ofMinutes(3), Duration.ofMillis(500));
    assertThat(expired.get("artifact").get("sha256").asText()).isEqualTo(sha256);
    assertThatThrownBy(() -> bucketClient.headObject(b -> b.bucket(bucket).key(objectKey)))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(bucketClient.listObjectsV2(b -> b.bucket(bucket).prefix(PREFIX + "/")).contents())
        .isEmpty();
    Http.Response gone = http.get("/exports/" + id + "/artifact");
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.json().get("code").asText()).isEqualTo("gone");

    // and the expiry is in the tenant's ledger
    List<LedgerEntry> entries = new ArrayList<>();
    ledger.stream(new LedgerQuery("demo", null, null, null, 0), entries::add);
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("export.expired");
              assertThat(e.resource()).isEqualTo("export:" + id);
            });
  }

  static String sha256Hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
