package io.exportjobs.shared.artifact;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Presigned GETs (SigV4 query signatures) for an S3 target with {@code presign: true}: valid for
 * {@code lifetime} (default 5 minutes), for the object store's own endpoint or for {@code
 * presign-endpoint}, the address clients reach it at when that differs from the service's.
 * Presigning is computed locally; it calls nothing.
 */
final class S3UrlPresigner implements AutoCloseable {

  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private final S3Presigner presigner;
  private final Duration lifetime;
  private final Clock clock;

  S3UrlPresigner(
      S3ArtifactStore.Settings settings, Duration lifetime, String endpoint, Clock clock) {
    this.lifetime = lifetime == null ? DEFAULT_LIFETIME : lifetime;
    if (this.lifetime.compareTo(Duration.ofSeconds(1)) < 0
        || this.lifetime.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("presign-lifetime must be 1 second to 7 days");
    }
    this.clock = clock;
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(settings.awsRegion())
            .credentialsProvider(S3Clients.credentials(settings))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(settings.usePathStyle()).build());
    String base = endpoint != null && !endpoint.isBlank() ? endpoint : settings.endpoint();
    if (base != null) {
      builder.endpointOverride(URI.create(base));
    }
    this.presigner = builder.build();
  }

  PresignedUrl presign(String bucket, String objectKey, String fileName, String contentType) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    PresignedGetObjectRequest signed =
        presigner.presignGetObject(
            r ->
                r.signatureDuration(lifetime)
                    .getObjectRequest(
                        GetObjectRequest.builder()
                            .bucket(bucket)
                            .key(objectKey)
                            .responseContentType(contentType)
                            .responseContentDisposition(
                                "attachment; filename=\"" + fileName.replace("\"", "") + "\"")
                            .build()));
    try {
      URI url = signed.url().toURI();
      return new PresignedUrl(url, expiry(url, now));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("the presigned URL is not a URI", e);
    }
  }

  /** When the store stops honouring the URL: its X-Amz-Date plus X-Amz-Expires. */
  private Instant expiry(URI url, Instant fallback) {
    String date = null;
    long seconds = lifetime.toSeconds();
    for (String pair : url.getRawQuery().split("&")) {
      if (pair.startsWith("X-Amz-Date=")) {
        date = pair.substring("X-Amz-Date=".length());
      } else if (pair.startsWith("X-Amz-Expires=")) {
        seconds = Long.parseLong(pair.substring("X-Amz-Expires=".length()));
      }
    }
    Instant signedAt =
        date == null
            ? fallback
            : java.time.LocalDateTime.parse(
                    date, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(java.time.ZoneOffset.UTC);
    return signedAt.plusSeconds(seconds);
  }

  @Override
  public void close() {
    presigner.close();
  }
}
