package io.exportjobs.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.exportjobs.api.audit.RefusingLedgerTrigger;
import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.artifact.ArtifactStore;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.artifact.FilesystemArtifactStore;
import io.exportjobs.shared.artifact.PresignedUrl;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.ledger.LedgerQuery;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.Resource;

/**
 * A presigned download (302 to the object store) is a download like any other: {@code
 * export.downloaded} with the URL's expiry is on the record before the URL is handed out, and when
 * the ledger cannot be written the answer is 503 {@code unavailable} with no {@code Location}, so
 * no URL leaves without its entry. The default target here presigns (as an S3 target with {@code
 * presign: true} would; presigning itself is {@code PresignLifetimeTest}'s), over the files of the
 * filesystem store.
 */
class PresignedDownloadFailClosedTest extends RealHttpTestSupport {

  static final URI URL = URI.create("https://s3.example.test/audit-exports/x?X-Amz-Expires=300");
  static final Instant EXPIRES = Instant.parse("2030-01-01T00:05:00Z");
  private static final byte[] BYTES = "{\"seq\":1}\n".getBytes(StandardCharsets.UTF_8);

  /** The default target, presigning. */
  @TestConfiguration
  static class PresigningDefaultTarget {
    @Bean
    @Primary
    ArtifactStores presigningStores() {
      ArtifactStore files =
          new FilesystemArtifactStore(
              ArtifactStores.DEFAULT_TARGET, DIR.resolve("data").resolve("artifacts"));
      return new ArtifactStores(Map.of(ArtifactStores.DEFAULT_TARGET, new Presigning(files)));
    }
  }

  private String tenant;

  @BeforeEach
  void setUp() {
    jdbc.sql(RefusingLedgerTrigger.CREATE).update();
    doAnswer(inv -> "run-" + ((ExportRequest) inv.getArgument(0)).attempt())
        .when(gateway)
        .start(any());
    tenant = freshTenant();
  }

  @AfterEach
  void ledgerWritable() {
    RefusingLedgerTrigger.REFUSED.clear();
  }

  @Test
  void aPresignedUrlIsHandedOutOnlyWithItsLedgerEntry() {
    String id = completedJob(tenant, BYTES);
    String path = "/api/v1/exports/" + id + "/artifact";

    // the ledger writable: 302 to the URL, and the entry with its expiry
    Response redirect = get(path, asTenant(tenant));
    assertThat(redirect.status()).as(redirect.text()).isEqualTo(302);
    assertThat(redirect.header("Location")).isEqualTo(URL.toString());
    LedgerEntry downloaded = last(tenant);
    assertThat(downloaded.action()).isEqualTo("export.downloaded");
    assertThat(downloaded.attributes().toString())
        .contains("presigned=true")
        .contains("urlExpiresAt=" + EXPIRES);

    // the ledger unwritable: 503, no Location, nothing recorded
    ChainHead before = ledger.head(tenant);
    RefusingLedgerTrigger.REFUSED.add(tenant);
    Response refused = get(path, asTenant(tenant));
    assertProblem(refused, 503, "unavailable");
    assertThat(refused.header("Location")).isNull();
    assertThat(refused.text()).doesNotContain(URL.getHost());
    assertThat(ledger.head(tenant)).isEqualTo(before);
  }

  private LedgerEntry last(String tenant) {
    List<LedgerEntry> entries =
        ledger.page(new LedgerQuery(tenant, null, null, ExportFilters.none(), 0), 1000);
    return entries.get(entries.size() - 1);
  }

  /** A store that presigns every key to {@link #URL}, and otherwise is {@code files}. */
  private record Presigning(ArtifactStore files) implements ArtifactStore {
    @Override
    public String target() {
      return files.target();
    }

    @Override
    public void put(String key, Path source) throws IOException {
      files.put(key, source);
    }

    @Override
    public OptionalLong size(String key) throws IOException {
      return files.size(key);
    }

    @Override
    public Resource resource(String key) throws IOException {
      return files.resource(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
      return files.delete(key);
    }

    @Override
    public Optional<PresignedUrl> presign(String key, String fileName, String contentType) {
      return Optional.of(new PresignedUrl(URL, EXPIRES));
    }
  }
}
