package io.exportjobs.shared.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * How long a presigned download URL lives: an S3 target with {@code presign: true} and no {@code
 * presign-lifetime} signs for 5 minutes ({@code X-Amz-Expires=300}), and the expiry it reports is
 * the URL's own (signing time plus 300 s); a configured lifetime replaces it. Presigning is
 * computed locally: no store is called.
 */
class PresignLifetimeTest {

  @TempDir Path dataDir;

  @Test
  void withoutALifetimeAPresignedUrlIsValidForFiveMinutes() {
    PresignedUrl url = presignWith(null);

    assertThat(query(url, "X-Amz-Expires")).isEqualTo("300");
    assertThat(url.expiresAt()).isEqualTo(signedAt(url).plus(Duration.ofMinutes(5)));
  }

  @Test
  void aConfiguredLifetimeReplacesTheDefault() {
    PresignedUrl url = presignWith("PT90S");

    assertThat(query(url, "X-Amz-Expires")).isEqualTo("90");
    assertThat(url.expiresAt()).isEqualTo(signedAt(url).plusSeconds(90));
  }

  private PresignedUrl presignWith(String lifetime) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("exportjobs.artifacts.targets.archive.type", "s3");
    p.put("exportjobs.artifacts.targets.archive.bucket", "audit-exports");
    p.put("exportjobs.artifacts.targets.archive.endpoint", "http://127.0.0.1:8333");
    p.put("exportjobs.artifacts.targets.archive.access-key", "AK");
    p.put("exportjobs.artifacts.targets.archive.secret-key", "SK");
    p.put("exportjobs.artifacts.targets.archive.presign", "true");
    if (lifetime != null) {
      p.put("exportjobs.artifacts.targets.archive.presign-lifetime", lifetime);
    }
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("yaml", p));
    ArtifactProperties properties =
        new Binder(ConfigurationPropertySources.get(environment))
            .bind("exportjobs.artifacts", ArtifactProperties.class)
            .get();
    try (ArtifactStores stores = ArtifactStores.from(properties, dataDir)) {
      Instant before = Instant.now().minusSeconds(1);
      PresignedUrl url =
          stores
              .get("archive")
              .presign("exp-demo-1/export.jsonl", "export.jsonl", "application/x-ndjson")
              .orElseThrow();
      assertThat(signedAt(url)).isAfter(before);
      return url;
    }
  }

  private static Instant signedAt(PresignedUrl url) {
    return LocalDateTime.parse(
            query(url, "X-Amz-Date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        .toInstant(ZoneOffset.UTC);
  }

  private static String query(PresignedUrl url, String name) {
    for (String pair : url.url().getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " is not in " + url.url());
  }
}
