package io.exportjobs.worker.export;

import static io.exportjobs.shared.export.ExportStatus.CANCELLED;
import static io.exportjobs.shared.export.ExportStatus.COMPLETED;
import static io.exportjobs.shared.export.ExportStatus.FAILED;
import static io.exportjobs.shared.export.ExportStatus.PENDING;
import static io.exportjobs.shared.export.ExportStatus.RUNNING;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.ENTRY_COUNT;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.TENANT;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.PolicyCheck;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * A job that waits, as {@code pending}, for one of its tenant's slots: it sleeps until {@code
 * slotFreed} wakes it (or a long fallback timer), checks the policy again only then, and continues
 * as a new run before its history grows long.
 */
class SlotWaitTest {

  static final Instant ADMITTED_AT = Instant.parse("2026-11-02T10:00:00.123Z");
  static final Admission FULL = Admission.waiting("1 of at most 1 jobs are active");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  @Test
  void aWaitingJobClaimsAgainWhenWokenOrAfterTheFallbackAndChecksThePolicyFirst(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-queued", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger claims = countClaims(m, 2, ADMITTED_AT);
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    await().atMost(Duration.ofSeconds(15)).until(() -> claims.get() == 1);
    assertThat(workflow.state().status()).isEqualTo(PENDING);
    // woken by the job that freed a slot
    WorkflowStub.fromTyped(workflow).signal(TemporalNames.SIGNAL_SLOT_FREED);
    await().atMost(Duration.ofSeconds(15)).until(() -> claims.get() == 2);
    // nothing wakes it: the fallback timer does, a quarter of an hour later
    testEnv.sleep(SlotQueue.FALLBACK.plusMinutes(1));
    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);

    assertThat(result.status()).isEqualTo(COMPLETED);
    ArgumentCaptor<AdmissionRequest> asked = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(m.admission, times(3)).claim(asked.capture());
    assertThat(asked.getValue())
        .isEqualTo(new AdmissionRequest(request.jobId(), TENANT, 1, request.createdAt()));
    // nothing but pending while it waited; then the usual path
    assertThat(m.statuses()).startsWith(RUNNING, COMPLETED).doesNotContain(PENDING);
    InOrder order = inOrder(m.policy, m.admission, m.extraction);
    order.verify(m.policy).checkPolicy(request);
    order.verify(m.admission).claim(any());
    order.verify(m.policy).checkPolicy(request);
    order.verify(m.admission).claim(any());
    order.verify(m.policy).checkPolicy(request);
    order.verify(m.admission).claim(any());
    order.verify(m.extraction).extract(any());
    assertThat(m.snapshots.get(0).job().startedAt())
        .as("started when the slot was taken")
        .isEqualTo(ADMITTED_AT);
  }

  @Test
  void aPolicyTightenedWhileTheJobWaitedFailsItWithPolicyDenied(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-tightened", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger claims = countClaims(m, 1, ADMITTED_AT);
    doReturn(new PolicyCheck(ENTRY_COUNT))
        .doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "type: ledger is not allowed for tenant demo", "policy_denied"))
        .when(m.policy)
        .checkPolicy(any());
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    await().atMost(Duration.ofSeconds(15)).until(() -> claims.get() == 1);
    WorkflowStub.fromTyped(workflow).signal(TemporalNames.SIGNAL_SLOT_FREED);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(m.statuses()).containsExactly(FAILED);
    assertThat(m.last().job().error().code()).isEqualTo("policy_denied");
    verify(m.extraction, never()).extract(any());
    verify(m.admission, times(1)).claim(any());
    // it was ahead of later jobs in the queue: they are woken as it leaves
    verify(m.admission).wakeWaiters(TENANT);
  }

  @Test
  void aWaitingJobThatIsCancelledLeavesTheQueueAndWakesTheJobsBehindIt(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-queued-cancel", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger claims = countClaims(m, Integer.MAX_VALUE, ADMITTED_AT);
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    await().atMost(Duration.ofSeconds(15)).until(() -> claims.get() == 1);
    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(m.statuses()).containsExactly(CANCELLED);
    verify(m.admission).wakeWaiters(TENANT);
  }

  /**
   * Done-when 4: held pending by max-active = 1 behind a long job for 24 hours of skipped time, the
   * job continues as new runs, each with fewer than 1,000 history events, stays pending in the job
   * index throughout, and still starts when the slot frees.
   */
  @Test
  void aJobThatWaitsADayKeepsEachRunSmallAndStartsWhenTheSlotFrees(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-waits-a-day", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicBoolean slotFree = new AtomicBoolean();
    AtomicInteger claims = new AtomicInteger();
    doAnswer(
            call -> {
              claims.incrementAndGet();
              return slotFree.get() ? Admission.admitted(ADMITTED_AT) : FULL;
            })
        .when(m.admission)
        .claim(any());
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    String firstRun = WorkflowStub.fromTyped(workflow).getExecution().getRunId();
    testEnv.sleep(Duration.ofHours(24));

    WorkflowStub latest = client.newUntypedWorkflowStub(request.jobId());
    ExportJob waiting = latest.query(TemporalNames.QUERY_STATE, ExportJob.class);
    assertThat(waiting.status()).isEqualTo(PENDING);
    assertThat(waiting.progress().entriesTotal()).isEqualTo(ENTRY_COUNT);
    assertThat(m.snapshots).as("the job index is not written while it waits").isEmpty();

    // the long job ends: its slot frees and it wakes the waiting job
    slotFree.set(true);
    latest.signal(TemporalNames.SIGNAL_SLOT_FREED);
    ExportJob result = latest.getResult(ExportJob.class);

    assertThat(result.status()).isEqualTo(COMPLETED);
    assertThat(result.startedAt()).isEqualTo(ADMITTED_AT);
    // (the retention workflow may expire the job meanwhile: waiting for the result skips time)
    assertThat(m.statuses()).startsWith(RUNNING, COMPLETED).doesNotContain(PENDING);
    List<Integer> eventsPerRun = eventsPerRun(client, request.jobId(), firstRun);
    System.out.println("history events per run of a job that waited 24 h: " + eventsPerRun);
    assertThat(eventsPerRun).hasSizeGreaterThan(1).allSatisfy(n -> assertThat(n).isLessThan(1_000));
    // it slept on the signal: one claim per fallback period, not a poll every few seconds
    long periods = Duration.ofHours(24).dividedBy(SlotQueue.FALLBACK);
    assertThat(claims.get()).isBetween((int) periods, (int) periods + 2);
    // announced once, not again by each continued run; the retention child's P30D timer may
    // have fired meanwhile (the test server skips time while the test waits), adding the expiry
    List<String> actions = m.actions();
    assertThat(actions)
        .as("announced once, not again by each continued run")
        .startsWith("export.requested", "export.started", "export.completed");
    assertThat(actions.subList(3, actions.size()))
        .as("after completing, at most its expiry")
        .isSubsetOf("export.expired")
        .doesNotHaveDuplicates();
  }

  /** Refuses the first {@code refusals} claims, then admits. */
  private static AtomicInteger countClaims(ActivityMocks m, int refusals, Instant admittedAt) {
    AtomicInteger claims = new AtomicInteger();
    doAnswer(call -> claims.incrementAndGet() <= refusals ? FULL : Admission.admitted(admittedAt))
        .when(m.admission)
        .claim(any());
    return claims;
  }

  /** The history length of each run of the chain that starts with {@code runId}. */
  static List<Integer> eventsPerRun(WorkflowClient client, String workflowId, String runId) {
    List<Integer> counts = new ArrayList<>();
    String run = runId;
    while (run != null) {
      WorkflowExecutionHistory history = client.fetchHistory(workflowId, run);
      counts.add(history.getEvents().size());
      HistoryEvent last = history.getLastEvent();
      run =
          last.hasWorkflowExecutionContinuedAsNewEventAttributes()
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return counts;
  }
}
