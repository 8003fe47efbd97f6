package io.exportjobs.shared.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;

/**
 * The write side of an {@link S3ArtifactStore}: one PUT up to {@code multipartThreshold}, a
 * multipart upload of {@code partSize} parts above it, streamed from the staged file with bounded
 * memory; and, with {@code create-bucket}, the bucket created before the first upload.
 */
final class S3Uploads {

  /** S3's most parts in one upload. */
  private static final int MAX_PARTS = 10_000;

  private final S3Client client;
  private final String bucket;
  private final Region region;
  private final S3Failures failures;
  private final long multipartThreshold;
  private final long partSize;
  private volatile boolean bucketChecked;

  S3Uploads(
      S3Client client,
      S3ArtifactStore.Settings settings,
      S3Failures failures,
      long multipartThreshold,
      long partSize) {
    this.client = client;
    this.bucket = settings.bucket();
    this.region = settings.awsRegion();
    this.failures = failures;
    this.multipartThreshold = multipartThreshold;
    this.partSize = partSize;
    this.bucketChecked = !settings.createBucket();
  }

  void put(String objectKey, Path source) throws IOException {
    long size = Files.size(source);
    ensureBucket();
    try {
      if (size <= multipartThreshold) {
        client.putObject(
            b -> b.bucket(bucket).key(objectKey).contentLength(size), RequestBody.fromFile(source));
      } else {
        putMultipart(objectKey, source, size);
      }
    } catch (SdkException e) {
      throw failures.failure("cannot upload", objectKey, e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void putMultipart(String objectKey, Path source, long size) {
    long part = Math.max(partSize, ceilDiv(size, MAX_PARTS));
    String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long offset = 0; offset < size; offset += part, number++) {
        long length = Math.min(part, size - offset);
        long from = offset;
        int partNumber = number;
        String eTag =
            client
                .uploadPart(
                    b ->
                        b.bucket(bucket)
                            .key(objectKey)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .contentLength(length),
                    RequestBody.fromContentProvider(
                        () -> openSlice(source, from, length), length, "application/octet-stream"))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
      }
      client.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(objectKey)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (SdkException | UncheckedIOException e) {
      abortQuietly(objectKey, uploadId, e);
      throw e;
    }
  }

  /** A fresh stream per call: the SDK asks again when it retries a part. */
  private static InputStream openSlice(Path source, long offset, long length) {
    try {
      return BoundedInputStream.ofFile(source, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void abortQuietly(String objectKey, String uploadId, Exception cause) {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
    } catch (SdkException e) {
      cause.addSuppressed(e);
    }
  }

  /** With {@code create-bucket}, the first upload creates the bucket if it is missing. */
  private void ensureBucket() throws IOException {
    if (bucketChecked) {
      return;
    }
    synchronized (this) {
      if (bucketChecked) {
        return;
      }
      try {
        client.headBucket(b -> b.bucket(bucket));
      } catch (AwsServiceException missing) {
        if (missing.statusCode() != 404) {
          throw failures.failure("cannot check bucket", null, missing);
        }
        try {
          client.createBucket(
              b ->
                  b.bucket(bucket)
                      .createBucketConfiguration(
                          Region.US_EAST_1.equals(region)
                              ? null // us-east-1 takes no location constraint
                              : CreateBucketConfiguration.builder()
                                  .locationConstraint(region.id())
                                  .build()));
        } catch (BucketAlreadyOwnedByYouException raced) {
          // created meanwhile by another process of ours: fine
        } catch (SdkException e) {
          throw failures.failure("cannot create bucket", null, e);
        }
      } catch (SdkException e) {
        throw failures.failure("cannot check bucket", null, e);
      }
      bucketChecked = true;
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
