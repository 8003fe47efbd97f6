package io.exportjobs.shared.artifact;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** S3 clients and credentials for an {@link S3ArtifactStore.Settings}. */
final class S3Clients {

  private S3Clients() {}

  /** The access key pair of the settings, or the SDK's default credential chain. */
  static AwsCredentialsProvider credentials(S3ArtifactStore.Settings settings) {
    return settings.accessKey() == null || settings.accessKey().isBlank()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(
            AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
  }

  /** A builder on the synchronous Apache HttpClient 5 transport. */
  static S3ClientBuilder clientBuilder(S3ArtifactStore.Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(settings.awsRegion())
            .credentialsProvider(credentials(settings))
            .forcePathStyle(settings.usePathStyle())
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .maxConnections(64));
    if (settings.endpoint() != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    return builder;
  }
}
