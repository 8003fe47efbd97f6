package io.exportjobs.worker.export;

import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.exportjobs.worker.webhook.workflow.JobEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The export workflow tells the webhooks at its terminal transitions ({@code NotifyWebhooks}, one
 * call each: completed, failed, cancelled; the retention workflow tells expired), with the job as
 * it then is, and a notification that fails never fails the export.
 */
class WebhookNoticesTest {

  @RegisterExtension
  static final io.temporal.testing.TestWorkflowExtension testWorkflow =
      ExportWorkflowFixtures.extension();

  @Test
  void completionAndExpiryAreNotified(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-notified", "PT1H");
    ActivityMocks m = new ActivityMocks(request);
    List<JobEvent> events = record(m);
    startEnvironment(testEnv, worker, m);

    start(client, worker, request);
    await().atMost(Duration.ofSeconds(15)).until(() -> events.size() == 1);
    assertThat(events.get(0).event()).isEqualTo("export.completed");
    assertThat(events.get(0).job().status()).isEqualTo(ExportStatus.COMPLETED);
    assertThat(events.get(0).job().artifact()).isNotNull();

    // the retention workflow notifies the expiry; waiting for its result lets time run on to it
    // (testEnv.sleep across a child that outlives its parent never ends: see ExportRetentionTest)
    ExportRetention retention = ExportRetentionTest.awaitHandedOff(client, request);
    ExportJob expired = WorkflowStub.fromTyped(retention).getResult(ExportJob.class);
    assertThat(expired.status()).isEqualTo(ExportStatus.EXPIRED);
    assertThat(events)
        .extracting(JobEvent::event)
        .containsExactly("export.completed", "export.expired");
    assertThat(events.get(1).job().status()).isEqualTo(ExportStatus.EXPIRED);
  }

  @Test
  void aCancelIsNotifiedOnce(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-notified-cancelled", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    List<JobEvent> events = record(m);
    ExtractionGate gate = ExtractionGate.on(m);
    startEnvironment(testEnv, worker, m);

    WorkflowStub stub = WorkflowStub.fromTyped(start(client, worker, request));
    gate.awaitStarted();
    stub.cancel();
    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(events).extracting(JobEvent::event).containsExactly("export.cancelled");
    assertThat(events.get(0).job().status()).isEqualTo(ExportStatus.CANCELLED);
    assertThat(events.get(0).job().artifact()).isNull();
  }

  @Test
  void aFailureIsNotifiedAndAFailingNotificationChangesNothing(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-notified-failed", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    doThrow(ApplicationFailure.newNonRetryableFailure("no such table", "extraction_failed"))
        .when(m.extraction)
        .extract(any());
    doThrow(ApplicationFailure.newNonRetryableFailure("database down", "notify_failed"))
        .when(m.webhooks)
        .notify(any());
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Object.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(m.last().job().status()).isEqualTo(ExportStatus.FAILED);
    assertThat(m.last().job().error().code()).isEqualTo("extraction_failed");
    verify(m.webhooks).notify(argThat(e -> e.event().equals("export.failed")));
  }

  private static List<JobEvent> record(ActivityMocks m) {
    List<JobEvent> events = new CopyOnWriteArrayList<>();
    doAnswer(
            call -> {
              events.add(call.getArgument(0));
              return 1;
            })
        .when(m.webhooks)
        .notify(any());
    return events;
  }
}
