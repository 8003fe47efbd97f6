package io.exportjobs.worker.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PackagingActivities;
import io.exportjobs.worker.extraction.StagingArea;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder registry, and a build through the packaging activity with the real builders. */
class ArtifactBuildersTest {

  static final String JOB_ID = "exp-demo-01JBUILDERS";

  @TempDir Path dataDir;
  TestActivityEnvironment env;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  /** The builders the worker's context holds (packs need keys and the ledger only when run). */
  static List<ArtifactBuilder> workerBuilders() {
    SignedPacks packs = new SignedPacks(null, null, null, null);
    return List.of(
        new AuditReportBuilder(), new EvidencePackBuilder(packs), new SnapshotBuilder(packs));
  }

  @Test
  void everyTypeThatNeedsABuildStepHasExactlyOneBuilderOfItsOwnType() {
    ArtifactBuilders builders = new ArtifactBuilders(workerBuilders());
    for (ExportType type : ExportType.values()) {
      if (type.needsBuildStep()) {
        assertThat(builders.forType(type).type()).isEqualTo(type);
      } else {
        assertThatThrownBy(() -> builders.forType(type))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(type.wire());
      }
    }
  }

  @Test
  void theWorkerDoesNotStartWhenATypeHasNoBuilder() {
    List<ArtifactBuilder> withoutSnapshot =
        workerBuilders().stream().filter(b -> b.type() != ExportType.SNAPSHOT).toList();
    assertThatThrownBy(() -> new ArtifactBuilders(withoutSnapshot))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("export type snapshot needs a build step but has no ArtifactBuilder");
  }

  @Test
  void theWorkerDoesNotStartWithTwoBuildersOfOneTypeOrABuilderOfTheLedgerType() {
    List<ArtifactBuilder> twice = new ArrayList<>(workerBuilders());
    twice.add(new AuditReportBuilder());
    assertThatThrownBy(() -> new ArtifactBuilders(twice))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit_report has two builders");

    List<ArtifactBuilder> ledger = new ArrayList<>(workerBuilders());
    ledger.add(new FixedBuilder(ExportType.LEDGER));
    assertThatThrownBy(() -> new ArtifactBuilders(ledger))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("builds ledger, which has no build step");
  }

  @Test
  void theBuildActivityWritesTheTypesArtifactFromTheStagedEntries() throws IOException {
    StagingArea staging = new StagingArea(dataDir.toString());
    ExportRequest request = request(ExportType.AUDIT_REPORT, ExportFormat.JSON);
    ExtractionResult extracted = stage(staging, request, 3);
    PackagingActivities activities = activities(staging);

    ExtractionResult built = activities.build(request, extracted);

    Path artifact = Path.of(built.stagingPath());
    assertThat(artifact).isEqualTo(staging.fileFor(request));
    assertThat(built.bytesWritten()).isEqualTo(Files.size(artifact));
    assertThat(built.entryCount()).isEqualTo(3);
    JsonNode report = Json.mapper().readTree(artifact.toFile());
    assertThat(report.path("entryCount").asLong()).isEqualTo(3);
    assertThat(report.path("totals").path("total").asLong()).isEqualTo(3);
    assertThat(report.path("totals").path("denied").asLong()).isEqualTo(1);
  }

  PackagingActivities activities(StagingArea staging) {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new PackagingActivitiesImpl(staging, new ArtifactBuilders(workerBuilders()), null, null));
    return env.newActivityStub(PackagingActivities.class);
  }

  static ExportRequest request(ExportType type, ExportFormat format) {
    return new ExportRequest(
        JOB_ID,
        "demo",
        type,
        format,
        new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")),
        ExportFilters.none(),
        Map.of(),
        "P30D",
        null,
        Instant.parse("2026-11-02T08:00:00Z"),
        "dev-demo-writer",
        Set.of("exports:write"),
        1,
        null);
  }

  /** entries.ndjson as the extraction stages it: {@code count} entries, every third denied. */
  static ExtractionResult stage(StagingArea staging, ExportRequest request, int count)
      throws IOException {
    Path file = staging.entriesFileFor(request);
    Files.createDirectories(file.getParent());
    StringBuilder ndjson = new StringBuilder();
    String prev = "sha256:" + "0".repeat(64);
    for (int seq = 1; seq <= count; seq++) {
      String hash = "sha256:" + String.format("%064x", seq);
      Instant at = Instant.parse("2026-10-01T08:00:00Z").plusSeconds(3600L * seq);
      LedgerEntry entry =
          new LedgerEntry(
              seq,
              at,
              at,
              "alice",
              "user.login",
              "app/console",
              seq % 3 == 0 ? Outcome.DENIED : Outcome.SUCCESS,
              Map.of(),
              prev,
              hash);
      ndjson.append(Json.mapper().writeValueAsString(entry)).append('\n');
      prev = hash;
    }
    Files.writeString(file, ndjson);
    return new ExtractionResult(
        file.toString(), count, Files.size(file), count, null, new ChainHead(count, prev));
  }

  /** A builder that claims a type and writes nothing. */
  private record FixedBuilder(ExportType type) implements ArtifactBuilder {
    @Override
    public Optional<TreeEvidence> build(StagedEntries staged, OutputStream out) {
      return Optional.empty();
    }
  }
}
