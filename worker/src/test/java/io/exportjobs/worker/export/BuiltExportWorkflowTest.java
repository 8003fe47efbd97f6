package io.exportjobs.worker.export;

import static io.exportjobs.shared.export.ExportStatus.COMPLETED;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.json.Json;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.artifact.FilesystemArtifactStore;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.worker.artifact.ArtifactActivitiesImpl;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.exportjobs.worker.extraction.StagingArea;
import io.exportjobs.worker.packaging.TestBuilders;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job runs the build step exactly when its type needs one: the workflow, with the real build and
 * publish activities and the worker's builders, from entries the (mocked) extraction staged.
 */
class BuiltExportWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  @TempDir Path dataDir;
  @TempDir Path storeRoot;

  @Test
  void anAuditReportIsBuiltFromTheStagedEntriesThenPublished(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest request =
        ofType(request("exp-demo-report", "P30D"), ExportType.AUDIT_REPORT, ExportFormat.JSON);
    StagingArea staging = new StagingArea(dataDir.toString());
    ExtractionResult staged = TestBuilders.stage(staging, request, 3);

    ExportJob job = run(testEnv, worker, client, request, staged, staging);

    byte[] stored = Files.readAllBytes(storeRoot.resolve(key(request)));
    JsonNode report = Json.mapper().readTree(stored);
    assertThat(report.path("entryCount").asLong()).isEqualTo(3);
    assertThat(report.path("totals").path("denied").asLong()).isEqualTo(1);
    assertThat(job.artifact())
        .isEqualTo(
            new ExportArtifact(
                request.fileName(),
                ExportFormat.JSON.contentType(),
                stored.length,
                Digests.sha256Hex(stored),
                3,
                null));
  }

  @Test
  void aLedgerExportIsPublishedAsTheExtractionWroteItWithoutABuildStep(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest request = request("exp-demo-ledger", "P30D");
    StagingArea staging = new StagingArea(dataDir.toString());
    Path file = staging.fileFor(request);
    Files.createDirectories(file.getParent());
    byte[] written = "{\"seq\":1}\n{\"seq\":2}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file, written);
    ExtractionResult staged = new ExtractionResult(file.toString(), 2, written.length, 2);

    ExportJob job = run(testEnv, worker, client, request, staged, staging);

    // the build activity would have refused a ledger job, which has no builder
    assertThat(Files.readAllBytes(storeRoot.resolve(key(request)))).isEqualTo(written);
    assertThat(job.artifact().sha256()).isEqualTo(Digests.sha256Hex(written));
    assertThat(job.artifact().entryCount()).isEqualTo(2);
  }

  private ExportJob run(
      TestWorkflowEnvironment testEnv,
      Worker worker,
      WorkflowClient client,
      ExportRequest request,
      ExtractionResult staged,
      StagingArea staging) {
    ActivityMocks m = new ActivityMocks(request);
    when(m.extraction.extract(any())).thenReturn(staged);
    ArtifactStores stores =
        new ArtifactStores(Map.of("default", new FilesystemArtifactStore("default", storeRoot)));
    worker.registerActivitiesImplementations(
        m.policy,
        m.extraction,
        new ArtifactActivitiesImpl(stores, staging),
        TestBuilders.packaging(staging),
        m.jobIndex,
        m.audit,
        m.admission,
        m.webhooks);
    testEnv.start();

    start(client, worker, request);
    m.awaitStatus(COMPLETED);
    return m.last().job();
  }

  private static String key(ExportRequest r) {
    return r.tenant() + "/" + r.jobId() + "/attempt-" + r.attempt() + "/" + r.fileName();
  }

  /** The fixture's request as a job of {@code type} in {@code format}. */
  private static ExportRequest ofType(ExportRequest r, ExportType type, ExportFormat format) {
    return r.toBuilder().type(type).format(format).build();
  }
}
