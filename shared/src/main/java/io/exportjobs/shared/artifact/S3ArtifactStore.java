package io.exportjobs.shared.artifact;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.core.io.Resource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Artifacts as objects in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, …), under an optional
 * key prefix.
 *
 * <p>Uploads stream from the staged file with bounded memory: one PUT up to {@code
 * multipartThreshold}, a multipart upload of {@code partSize} parts above it. Both become visible
 * at once when they complete, so a reader sees the old object or the whole new one. Reads fetch
 * only the bytes asked for: {@link #openRange} sends a ranged GET, and the stream of {@link
 * #resource} starts its GET where the caller has skipped to.
 */
public class S3ArtifactStore implements ArtifactStore, AutoCloseable {

  public static final long DEFAULT_MULTIPART_THRESHOLD = 64L << 20;
  public static final long DEFAULT_PART_SIZE = 16L << 20;

  /** S3's smallest part (all but the last); S3-compatible stores follow it. */
  public static final long MIN_PART_SIZE = 5L << 20;

  /**
   * How to reach the bucket. {@code endpoint} null means AWS itself; {@code accessKey} and {@code
   * secretKey} null mean the SDK's default credential chain; {@code pathStyle} null means path
   * style when an endpoint is set.
   */
  public record Settings(
      String bucket,
      String endpoint,
      String region,
      String accessKey,
      String secretKey,
      String prefix,
      Boolean pathStyle,
      boolean createBucket) {

    public Settings {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("an S3 artifact store needs a bucket");
      }
      if ((accessKey == null || accessKey.isBlank())
          != (secretKey == null || secretKey.isBlank())) {
        throw new IllegalArgumentException(
            "set both access-key and secret-key, or neither (then the default credential chain"
                + " is used)");
      }
      if (endpoint != null && endpoint.isBlank()) {
        endpoint = null;
      }
    }

    public static Settings of(String bucket, String endpoint, String accessKey, String secretKey) {
      return new Settings(bucket, endpoint, null, accessKey, secretKey, null, null, false);
    }

    public Settings withPrefix(String newPrefix) {
      return new Settings(
          bucket, endpoint, region, accessKey, secretKey, newPrefix, pathStyle, createBucket);
    }

    public Settings withCreateBucket(boolean create) {
      return new Settings(
          bucket, endpoint, region, accessKey, secretKey, prefix, pathStyle, create);
    }

    /** The region the SDK signs for; SeaweedFS and MinIO accept any, AWS needs the bucket's. */
    public Region awsRegion() {
      return Region.of(region == null || region.isBlank() ? "us-east-1" : region);
    }

    boolean usePathStyle() {
      return pathStyle != null ? pathStyle : endpoint != null;
    }
  }

  private final String target;
  private final Settings settings;
  private final S3Client client;
  private final String bucket;
  private final String prefix;
  private final S3Failures failures;
  private final S3Uploads uploads;
  private volatile S3UrlPresigner presigner;

  public S3ArtifactStore(String target, Settings settings) {
    this(target, settings, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
  }

  public S3ArtifactStore(String target, Settings settings, long multipartThreshold, long partSize) {
    this(target, settings, null, multipartThreshold, partSize);
  }

  /** With a client of the caller's (tests watch its requests), or null for a new one. */
  S3ArtifactStore(
      String target, Settings settings, S3Client client, long multipartThreshold, long partSize) {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("an S3 part is at least " + MIN_PART_SIZE + " bytes");
    }
    if (multipartThreshold < partSize) {
      throw new IllegalArgumentException("the multipart threshold is below the part size");
    }
    this.target = target;
    this.settings = settings;
    this.bucket = settings.bucket();
    this.prefix = normalizePrefix(settings.prefix());
    this.failures = new S3Failures(target, bucket, settings.endpoint());
    // last: nothing above may throw once a client (with its connection pool) exists
    this.client = client != null ? client : newClient(settings);
    this.uploads = new S3Uploads(this.client, settings, failures, multipartThreshold, partSize);
  }

  /** A client for these settings: the synchronous Apache HttpClient 5 transport. */
  public static S3Client newClient(Settings settings) {
    return S3Clients.clientBuilder(settings).build();
  }

  @Override
  public String target() {
    return target;
  }

  /**
   * Turns presigned downloads on ({@code presign: true}): {@link #presign} then answers URLs valid
   * for {@code lifetime} (null: 5 minutes) at {@code endpoint} (null: the store's).
   */
  public S3ArtifactStore presigning(Duration lifetime, String endpoint) {
    this.presigner = new S3UrlPresigner(settings, lifetime, endpoint, java.time.Clock.systemUTC());
    return this;
  }

  @Override
  public Optional<PresignedUrl> presign(String key, String fileName, String contentType) {
    S3UrlPresigner p = presigner;
    return p == null
        ? Optional.empty()
        : Optional.of(p.presign(bucket, objectKey(key), fileName, contentType));
  }

  public String bucket() {
    return bucket;
  }

  /** The object key an artifact key is stored under (the prefix and the key). */
  public String objectKey(String key) {
    if (key == null
        || key.isEmpty()
        || key.startsWith("/")
        || key.contains("\\")
        || ("/" + key + "/").contains("/../")
        || ("/" + key + "/").contains("/./")
        || key.contains("//")) {
      throw new IllegalArgumentException("not a valid artifact key: " + key);
    }
    return prefix + key;
  }

  @Override
  public void put(String key, Path source) throws IOException {
    uploads.put(objectKey(key), source);
  }

  @Override
  public OptionalLong size(String key) throws IOException {
    Optional<HeadObjectResponse> head = head(objectKey(key));
    return head.isPresent() ? OptionalLong.of(head.get().contentLength()) : OptionalLong.empty();
  }

  /** The object's metadata, or empty if there is no such object. */
  Optional<HeadObjectResponse> head(String objectKey) throws IOException {
    try {
      return Optional.of(client.headObject(b -> b.bucket(bucket).key(objectKey)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("cannot read the metadata of", objectKey, e);
    } catch (SdkException e) {
      throw failure("cannot read the metadata of", objectKey, e);
    }
  }

  @Override
  public Resource resource(String key) {
    return new S3ObjectResource(this, objectKey(key));
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length");
    }
    return new S3RangeInputStream(this, objectKey(key), offset, length);
  }

  /**
   * A GET of {@code bytes=first-last} ({@code last} &lt; 0: to the end). Empty when the object is
   * missing; a range that starts past the end reads as an empty stream too.
   */
  ResponseInputStream<GetObjectResponse> get(String objectKey, long first, long last)
      throws IOException {
    String range = "bytes=" + first + "-" + (last < 0 ? "" : String.valueOf(last));
    try {
      return client.getObject(b -> b.bucket(bucket).key(objectKey).range(range));
    } catch (NoSuchKeyException e) {
      throw (FileNotFoundException)
          new FileNotFoundException(describe(objectKey) + " does not exist").initCause(e);
    } catch (AwsServiceException e) {
      if (e.statusCode() == 416) {
        return null;
      }
      throw failure("cannot read", objectKey, e);
    } catch (SdkException e) {
      throw failure("cannot read", objectKey, e);
    }
  }

  @Override
  public boolean delete(String key) throws IOException {
    String objectKey = objectKey(key);
    // S3 answers a DELETE the same whether or not the object was there: ask first
    boolean existed = head(objectKey).isPresent();
    try {
      client.deleteObject(b -> b.bucket(bucket).key(objectKey));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("cannot delete", objectKey, e);
    } catch (SdkException e) {
      throw failure("cannot delete", objectKey, e);
    }
    return existed;
  }

  @Override
  public void close() {
    if (presigner != null) {
      presigner.close();
    }
    client.close();
  }

  String describe(String objectKey) {
    return failures.describe(objectKey);
  }

  /** An IOException that says what failed, where, and what the store answered. */
  IOException failure(String what, String objectKey, SdkException e) {
    return failures.failure(what, objectKey, e);
  }

  private static String normalizePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? "" : p + "/";
  }
}
