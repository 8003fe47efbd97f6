package io.exportjobs.shared.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** How {@code exportjobs.artifacts.targets} is read, and what a wrong target says at startup. */
class ArtifactStoresTest {

  @TempDir Path dataDir;

  @Test
  void anS3TargetIsBoundFromKebabCaseProperties() {
    ArtifactProperties properties =
        bind(
            new MapPropertySource(
                "yaml",
                Map.of(
                    "exportjobs.artifacts.targets.archive.type", "s3",
                    "exportjobs.artifacts.targets.archive.bucket", "audit-exports",
                    "exportjobs.artifacts.targets.archive.endpoint", "http://127.0.0.1:8333",
                    "exportjobs.artifacts.targets.archive.access-key", "AK",
                    "exportjobs.artifacts.targets.archive.secret-key", "SK",
                    "exportjobs.artifacts.targets.archive.prefix", "exports/",
                    "exportjobs.artifacts.targets.archive.path-style", "false",
                    "exportjobs.artifacts.targets.archive.create-bucket", "true")));
    ArtifactProperties.Target archive = properties.targets().get("archive");
    assertThat(archive)
        .isEqualTo(
            new ArtifactProperties.Target(
                "s3",
                null,
                "audit-exports",
                "http://127.0.0.1:8333",
                null,
                "AK",
                "SK",
                "exports/",
                false,
                true,
                null,
                null,
                null));
    S3ArtifactStore.Settings settings = archive.s3Settings();
    assertThat(settings.awsRegion().id()).isEqualTo("us-east-1");
    assertThat(settings.usePathStyle()).isFalse();
    assertThat(settings.createBucket()).isTrue();
  }

  @Test
  void environmentVariablesWork() {
    ArtifactProperties properties =
        bind(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                    "EXPORTJOBS_ARTIFACTS_TARGETS_S3_TYPE", "s3",
                    "EXPORTJOBS_ARTIFACTS_TARGETS_S3_BUCKET", "audit-exports",
                    "EXPORTJOBS_ARTIFACTS_TARGETS_S3_ENDPOINT", "http://127.0.0.1:8333",
                    "EXPORTJOBS_ARTIFACTS_TARGETS_S3_ACCESSKEY", "AK",
                    "EXPORTJOBS_ARTIFACTS_TARGETS_S3_SECRETKEY", "SK")));
    ArtifactProperties.Target s3 = properties.targets().get("s3");
    assertThat(s3.type()).isEqualTo("s3");
    assertThat(s3.bucket()).isEqualTo("audit-exports");
    assertThat(s3.accessKey()).isEqualTo("AK");
    assertThat(s3.secretKey()).isEqualTo("SK");
    // path style is the default with an endpoint (SeaweedFS, MinIO), virtual hosts without
    assertThat(s3.s3Settings().usePathStyle()).isTrue();
    assertThat(S3ArtifactStore.Settings.of("b", null, null, null).withPrefix(null).usePathStyle())
        .isFalse();
  }

  @Test
  void storesAreMadeByType() throws Exception {
    ArtifactProperties properties =
        new ArtifactProperties(
            Map.of(
                "local",
                ArtifactProperties.Target.filesystem(dataDir.resolve("elsewhere").toString()),
                "s3",
                new ArtifactProperties.Target(
                    "s3",
                    null,
                    "b",
                    "http://127.0.0.1:1",
                    null,
                    "a",
                    "s",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)));
    try (ArtifactStores stores = ArtifactStores.from(properties, dataDir)) {
      assertThat(stores.targets()).containsExactlyInAnyOrder("default", "local", "s3");
      assertThat(stores.get("default")).isInstanceOf(FilesystemArtifactStore.class);
      assertThat(((FilesystemArtifactStore) stores.get("default")).root())
          .isEqualTo(dataDir.resolve("artifacts").toAbsolutePath());
      assertThat(stores.get("local")).isInstanceOf(FilesystemArtifactStore.class);
      assertThat(stores.get("s3")).isInstanceOf(S3ArtifactStore.class);
      assertThat(((S3ArtifactStore) stores.get("s3")).bucket()).isEqualTo("b");
      assertThat(stores.get("s3").target()).isEqualTo("s3");
    }
  }

  @Test
  void aWrongTargetSaysWhatIsWrong() {
    assertThatThrownBy(() -> from("x", target("s3", null, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("artifact target 'x'")
        .hasMessageContaining("needs a bucket");
    assertThatThrownBy(() -> from("x", target("s3", "b", "only-the-access-key", null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set both access-key and secret-key, or neither");
    assertThatThrownBy(() -> from("x", target("ftp", null, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unsupported type 'ftp' (filesystem or s3)");
    assertThatThrownBy(() -> from("x", target("filesystem", null, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a path");
  }

  @Test
  void filesystemRangesReadJustThoseBytes() throws Exception {
    FilesystemArtifactStore store = new FilesystemArtifactStore("default", dataDir);
    Path source = dataDir.resolve("source.txt");
    java.nio.file.Files.writeString(source, "0123456789abcdef");
    store.put("t/j/attempt-1/f.txt", source);
    try (var in = store.openRange("t/j/attempt-1/f.txt", 10, 4)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("abcd");
    }
    try (var in = store.openRange("t/j/attempt-1/f.txt", 14, 100)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("ef");
    }
  }

  private static ArtifactProperties.Target target(
      String type, String bucket, String accessKey, String secretKey) {
    return new ArtifactProperties.Target(
        type, null, bucket, null, null, accessKey, secretKey, null, null, null, null, null, null);
  }

  private void from(String name, ArtifactProperties.Target target) {
    ArtifactStores.from(new ArtifactProperties(Map.of(name, target)), dataDir).close();
  }

  private static ArtifactProperties bind(org.springframework.core.env.PropertySource<?> source) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(source);
    return new Binder(ConfigurationPropertySources.get(environment))
        .bind("exportjobs.artifacts", ArtifactProperties.class)
        .get();
  }
}
