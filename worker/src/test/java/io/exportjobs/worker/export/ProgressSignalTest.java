package io.exportjobs.worker.export;

import static io.exportjobs.shared.export.ExportStatus.RUNNING;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.ENTRY_COUNT;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.PolicyCheck;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a running job's workflow knows of its progress, and shows as its current details. */
class ProgressSignalTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  /**
   * Progress reaches the workflow through the extraction's {@code progress} signal: its state and
   * its current details (what the Web UI shows) say entries done / total while it runs.
   */
  @Test
  void progressSignalsShowEntriesDoneOfTotalWhileTheJobRuns(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-progress", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExtractionGate gate = ExtractionGate.on(m);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    gate.awaitStarted();
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);

    stub.signal(TemporalNames.SIGNAL_PROGRESS, new ExportProgress(617, 228_394));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> workflow.state().progress().entriesExported() == 617);
    assertThat(workflow.state().progress())
        .isEqualTo(new ExportProgress(617, 228_394, ENTRY_COUNT));
    assertThat(CurrentDetailsQuery.of(stub)).contains("617 / 1,234 entries", "(50 %)");
    assertThat(m.statuses())
        .as("progress reports are not transitions: the job index is written by the extraction")
        .containsExactly(RUNNING);
    stub.cancel();
  }

  /**
   * On completion {@code entriesTotal} is still what the policy check counted, beside what the
   * artifact holds: were the two to differ, the completed job would show it.
   */
  @Test
  void aCompletedJobKeepsThePolicyChecksCountAsItsTotal(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-progress-total", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    when(m.policy.checkPolicy(any())).thenReturn(new PolicyCheck(ENTRY_COUNT + 1));
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);

    ExportJob completed = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);

    assertThat(completed.status()).isEqualTo(ExportStatus.COMPLETED);
    assertThat(completed.progress().entriesTotal()).isEqualTo(ENTRY_COUNT + 1);
    assertThat(completed.progress().entriesExported())
        .isEqualTo(completed.artifact().entryCount())
        .isEqualTo(ENTRY_COUNT);
    assertThat(m.last().job().progress().entriesTotal())
        .as("the job index has it too")
        .isEqualTo(ENTRY_COUNT + 1);
  }
}
