package io.exportjobs.shared.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.StreamUtils;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3ArtifactStore} against the real SeaweedFS S3 gateway of `make test`, with signed
 * requests: what a worker writes and the api serves, byte for byte, range by range.
 */
class S3ArtifactStoreTest {

  static String bucket;
  static S3Client raw;
  static S3ArtifactStore store;

  /** The Range header of every GET the store sent. */
  static final List<String> getRanges = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    bucket = TestS3.freshBucket("store");
    raw = TestS3.rawClient(bucket);
    ExecutionInterceptor recordRanges =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.httpRequest().method().name().equals("GET")) {
              context.httpRequest().firstMatchingHeader("Range").ifPresent(getRanges::add);
            }
          }
        };
    raw.createBucket(b -> b.bucket(bucket));
    S3ArtifactStore.Settings settings = TestS3.settings(bucket);
    store =
        new S3ArtifactStore(
            "s3",
            settings,
            S3Clients.clientBuilder(settings)
                .overrideConfiguration(c -> c.addExecutionInterceptor(recordRanges))
                .build(),
            S3ArtifactStore.DEFAULT_MULTIPART_THRESHOLD,
            S3ArtifactStore.DEFAULT_PART_SIZE);
  }

  @AfterAll
  static void tearDown() {
    if (raw != null) {
      try {
        for (S3Object o : raw.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
          raw.deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
        raw.deleteBucket(b -> b.bucket(bucket));
      } catch (RuntimeException e) {
        // the bucket may never have been created (a failed first test)
      }
      raw.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void storesReadsWholeAndByRangeAndDeletes() throws Exception {
    byte[] bytes = pattern(100_000);
    String key = "demo/exp-demo-1/attempt-1/exp-demo-1.ndjson";
    store.put(key, file("a.ndjson", bytes));

    assertThat(store.size(key)).hasValue(bytes.length);
    var resource = store.resource(key);
    assertThat(resource.exists()).isTrue();
    assertThat(resource.contentLength()).isEqualTo(bytes.length);
    assertThat(resource.getFilename()).isEqualTo("exp-demo-1.ndjson");
    try (InputStream in = resource.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }

    // an explicit range is one GET of exactly those bytes
    getRanges.clear();
    try (InputStream in = store.openRange(key, 10, 90)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 10, 100));
    }
    assertThat(getRanges).containsExactly("bytes=10-99");

    // Spring MVC's region copy (skip, then read) starts the GET where it skipped to
    getRanges.clear();
    ByteArrayOutputStream region = new ByteArrayOutputStream();
    try (InputStream in = resource.getInputStream()) {
      StreamUtils.copyRange(in, region, 50_000, 50_099);
    }
    assertThat(region.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 50_000, 50_100));
    assertThat(getRanges).containsExactly("bytes=50000-");

    // ranges at and past the end
    try (InputStream in = store.openRange(key, 99_990, 100)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 99_990, 100_000));
    }
    try (InputStream in = store.openRange(key, 200_000, 10)) {
      assertThat(in.readAllBytes()).isEmpty();
    }

    assertThat(store.delete(key)).isTrue();
    assertThat(store.size(key)).isEmpty();
    assertThat(store.delete(key)).isFalse();
    assertThat(objectKeys()).doesNotContain(key);
  }

  @Test
  void putReplacesWhatWasThere() throws Exception {
    String key = "demo/exp-demo-2/attempt-1/x.csv";
    store.put(key, file("first.csv", pattern(5_000)));
    byte[] second = "seq,hash\n1,sha256:00\n".getBytes();
    store.put(key, file("second.csv", second));
    assertThat(store.size(key)).hasValue(second.length);
    try (InputStream in = store.resource(key).getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(second);
    }
  }

  @Test
  void objectsAboveTheThresholdGoUpInPartsAndReadBackExactly() throws Exception {
    long part = S3ArtifactStore.MIN_PART_SIZE;
    byte[] bytes = new byte[(int) (2 * part + 3 * 1024 * 1024)]; // 13 MiB: 5 + 5 + 3
    new Random(42).nextBytes(bytes);
    String key = "demo/exp-demo-3/attempt-1/big.tar.gz";
    try (S3ArtifactStore small =
        new S3ArtifactStore("s3", TestS3.settings(bucket), part + (1 << 20), part)) {
      small.put(key, file("big.tar.gz", bytes));
      assertThat(small.size(key)).hasValue(bytes.length);
      // a multipart object's ETag ends with the number of its parts
      assertThat(raw.headObject(b -> b.bucket(bucket).key(key)).eTag()).endsWith("-3\"");
      try (InputStream in = small.resource(key).getInputStream()) {
        assertThat(sha256(in)).isEqualTo(sha256(new java.io.ByteArrayInputStream(bytes)));
      }
      // a range across the first part boundary
      try (InputStream in = small.openRange(key, part - 100, 200)) {
        assertThat(in.readAllBytes())
            .isEqualTo(Arrays.copyOfRange(bytes, (int) part - 100, (int) part + 100));
      }
      assertThat(small.delete(key)).isTrue();
    }
    // no unfinished upload was left behind
    assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void wrongCredentialsGiveAClearError() throws Exception {
    Path source = file("denied.txt", pattern(100));
    S3ArtifactStore.Settings good = TestS3.settings(bucket);
    S3ArtifactStore.Settings wrong =
        S3ArtifactStore.Settings.of(bucket, good.endpoint(), good.accessKey(), "not-the-secret");
    try (S3ArtifactStore denied = new S3ArtifactStore("s3", wrong)) {
      assertThatThrownBy(() -> denied.put("demo/x/attempt-1/denied.txt", source))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot upload s3://" + bucket + "/demo/x/attempt-1/denied.txt")
          .hasMessageContaining("artifact target 's3'")
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("check the target's access-key and secret-key");
      assertThatThrownBy(() -> denied.size("demo/x/attempt-1/denied.txt"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 403");
    }
    S3ArtifactStore.Settings unknown =
        S3ArtifactStore.Settings.of(bucket, good.endpoint(), "no-such-key", "whatever");
    try (S3ArtifactStore denied = new S3ArtifactStore("s3", unknown)) {
      assertThatThrownBy(() -> denied.put("demo/x/attempt-1/denied.txt", source))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 403");
    }
  }

  @Test
  void anUnreachableStoreIsAnIoErrorThatSaysSo() throws Exception {
    Path source = file("lost.txt", pattern(100));
    S3ArtifactStore.Settings good = TestS3.settings(bucket);
    // nothing listens on the discard port of loopback
    S3ArtifactStore.Settings nowhere =
        S3ArtifactStore.Settings.of(
            bucket, "http://127.0.0.1:9", good.accessKey(), good.secretKey());
    try (S3ArtifactStore lost = new S3ArtifactStore("s3", nowhere)) {
      assertThatThrownBy(() -> lost.put("demo/y/attempt-1/lost.txt", source))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("at http://127.0.0.1:9")
          .hasMessageContaining("could not be reached");
    }
  }

  @Test
  void aMissingBucketIsNotCreatedUnlessAskedTo() throws Exception {
    String missing = TestS3.freshBucket("missing");
    S3ArtifactStore.Settings good = TestS3.settings(bucket);
    try (S3ArtifactStore noBucket =
        new S3ArtifactStore(
            "s3",
            S3ArtifactStore.Settings.of(
                missing, good.endpoint(), good.accessKey(), good.secretKey()))) {
      assertThatThrownBy(() -> noBucket.put("a/b.txt", file("b.txt", pattern(10))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("NoSuchBucket")
          .hasMessageContaining("create-bucket");
    }
  }

  @Test
  void createBucketMakesTheBucketOnTheFirstUpload() throws Exception {
    String fresh = TestS3.freshBucket("created");
    try (S3ArtifactStore creating =
        new S3ArtifactStore("s3", TestS3.settings(fresh).withCreateBucket(true))) {
      creating.put("a/b.txt", file("b.txt", pattern(10)));
      raw.headBucket(b -> b.bucket(fresh));
      assertThat(creating.size("a/b.txt")).hasValue(10);
      assertThat(creating.delete("a/b.txt")).isTrue();
    } finally {
      raw.deleteBucket(b -> b.bucket(fresh));
    }
  }

  @Test
  void aPrefixKeepsTheStoreInsideIt() throws Exception {
    String key = "demo/exp-demo-4/attempt-1/p.json";
    try (S3ArtifactStore prefixed =
        new S3ArtifactStore("s3", TestS3.settings(bucket).withPrefix("/team-a/exports/"))) {
      prefixed.put(key, file("p.json", pattern(1_000)));
      assertThat(objectKeys()).contains("team-a/exports/" + key);
      assertThat(prefixed.size(key)).hasValue(1_000);
      assertThat(store.size(key)).isEmpty(); // the unprefixed store does not see it
      assertThat(store.size("team-a/exports/" + key)).hasValue(1_000);
      assertThat(prefixed.delete(key)).isTrue();
      assertThat(objectKeys()).doesNotContain("team-a/exports/" + key);
    }
  }

  @Test
  void aMissingObjectIsEmptyAndNotThere() throws Exception {
    String key = "demo/nothing/attempt-1/none.ndjson";
    assertThat(store.size(key)).isEmpty();
    assertThat(store.delete(key)).isFalse();
    assertThat(store.resource(key).exists()).isFalse();
    assertThatThrownBy(() -> store.resource(key).contentLength())
        .isInstanceOf(FileNotFoundException.class);
    try (InputStream in = store.openRange(key, 0, 10)) {
      assertThatThrownBy(in::read)
          .isInstanceOf(FileNotFoundException.class)
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void keysThatWouldLeaveTheStoreAreRefused() {
    for (String bad : List.of("", "/abs", "a/../b", "../x", "a//b", "./a")) {
      assertThatThrownBy(() -> store.size(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private List<String> objectKeys() {
    return raw.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** Readable bytes whose every position differs from its neighbours. */
  static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ('a' + (i * 7 + i / 26) % 26);
    }
    return b;
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) > 0) {
      digest.update(buffer, 0, n);
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }
}
