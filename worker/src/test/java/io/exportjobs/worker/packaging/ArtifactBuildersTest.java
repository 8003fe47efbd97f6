package io.exportjobs.worker.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.EvidencePackWriter.TreeEvidence;
import io.exportjobs.pack.json.Json;
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

  @Test
  void everyTypeThatNeedsABuildStepHasExactlyOneBuilderOfItsOwnType() {
    ArtifactBuilders builders = new ArtifactBuilders(TestBuilders.list());
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
        TestBuilders.list().stream().filter(b -> b.type() != ExportType.SNAPSHOT).toList();
    assertThatThrownBy(() -> new ArtifactBuilders(withoutSnapshot))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("export type snapshot needs a build step but has no ArtifactBuilder");
  }

  @Test
  void theWorkerDoesNotStartWithTwoBuildersOfOneTypeOrABuilderOfTheLedgerType() {
    List<ArtifactBuilder> twice = new ArrayList<>(TestBuilders.list());
    twice.add(new AuditReportBuilder());
    assertThatThrownBy(() -> new ArtifactBuilders(twice))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit_report has two builders");

    List<ArtifactBuilder> ledger = new ArrayList<>(TestBuilders.list());
    ledger.add(new FixedBuilder(ExportType.LEDGER));
    assertThatThrownBy(() -> new ArtifactBuilders(ledger))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("builds ledger, which has no build step");
  }

  @Test
  void theBuildActivityWritesTheTypesArtifactFromTheStagedEntries() throws IOException {
    StagingArea staging = new StagingArea(dataDir.toString());
    ExportRequest request = request(ExportType.AUDIT_REPORT, ExportFormat.JSON);
    ExtractionResult extracted = TestBuilders.stage(staging, request, 3);
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
    env.registerActivitiesImplementations(TestBuilders.packaging(staging));
    return env.newActivityStub(PackagingActivities.class);
  }

  static ExportRequest request(ExportType type, ExportFormat format) {
    return ExportRequest.builder()
        .jobId(JOB_ID)
        .tenant("demo")
        .type(type)
        .format(format)
        .range(
            new TimeRange(
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")))
        .retention("P30D")
        .createdAt(Instant.parse("2026-11-02T08:00:00Z"))
        .requestedBy("dev-demo-writer")
        .callerScopes(Set.of("exports:write"))
        .build();
  }

  /** A builder that claims a type and writes nothing. */
  private record FixedBuilder(ExportType type) implements ArtifactBuilder {
    @Override
    public Optional<TreeEvidence> build(StagedEntries staged, OutputStream out) {
      return Optional.empty();
    }
  }
}
