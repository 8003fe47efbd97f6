package io.exportjobs.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.exportjobs.shared.admission.AdmissionStore;
import io.exportjobs.shared.export.ExportError;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.PolicyProperties;
import io.exportjobs.shared.tenant.TenantLocks;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.admission.WaitingJobs;
import io.exportjobs.worker.metrics.ExportMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;

/**
 * The reconciler against workflows that really closed in Temporal (the time-skipping test server:
 * an ExportWorkflow that no worker ran past its execution timeout, one terminated by an operator)
 * and a real job index, ledger and admission table (H2). The test server has no visibility store
 * ({@code ListWorkflowExecutions} is unimplemented), so only that one call is answered here: from
 * the same server's list of closed executions, filtered as the activity's query asks. Describe, the
 * close event and the waiters' signals are the server's own.
 */
class ReconcileActivitiesImplTest {

  private static final String TENANT = "demo";
  private static final String TASK_QUEUE = "exports";
  private static final String WAITERS = "waiters";
  private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");
  private static final TimeRange RANGE =
      new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));

  /** Stands for an ExportWorkflow stuck for good (on a dead store, say): only a timeout ends it. */
  @WorkflowInterface
  public interface StuckExport {
    @WorkflowMethod(name = TemporalNames.WORKFLOW_TYPE)
    void export();
  }

  public static class StuckExportImpl implements StuckExport {
    @Override
    public void export() {
      Workflow.await(() -> false);
    }
  }

  /** Stands for a job waiting for a slot: it ends when {@code slotFreed} comes. */
  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    String waitForSlot();

    @SignalMethod(name = TemporalNames.SIGNAL_SLOT_FREED)
    void slotFreed();
  }

  public static class WaiterImpl implements Waiter {
    private boolean woken;

    @Override
    public String waitForSlot() {
      return Workflow.await(Duration.ofDays(1), () -> woken) ? "woken" : "never woken";
    }

    @Override
    public void slotFreed() {
      woken = true;
    }
  }

  private TestDatabase db;
  private JobStore jobIndex;
  private LedgerStore ledger;
  private AdmissionStore admissions;
  private TestWorkflowEnvironment temporal;
  private TestActivityEnvironment activityEnv;
  private ReconcileActivities activities;
  private final List<String> queries = new ArrayList<>();
  private final List<String> offered = new ArrayList<>();

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    Clock clock = Clock.systemUTC();
    jobIndex = new JobStore(db.jdbcClient(), db.tx(), clock);
    ledger = new LedgerStore(db.jdbcClient(), db.jdbcTemplate(), db.tx(), clock);
    admissions =
        new AdmissionStore(db.jdbcClient(), new TenantLocks(db.jdbcClient(), db.tx()), clock);

    temporal = TestWorkflowEnvironment.newInstance();
    temporal.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(StuckExportImpl.class);
    temporal.newWorker(WAITERS).registerWorkflowImplementationTypes(WaiterImpl.class);
    temporal.start();
    WorkflowClient real = temporal.getWorkflowClient();
    WorkflowClient client = mock(WorkflowClient.class, AdditionalAnswers.delegatesTo(real));
    doAnswer(
            call -> {
              queries.add(call.getArgument(0));
              List<WorkflowExecutionMetadata> closed = closedExportWorkflows(real).toList();
              closed.forEach(e -> offered.add(e.getExecution().getWorkflowId()));
              return closed.stream();
            })
        .when(client)
        .listExecutions(anyString());

    WaitingJobs waiting =
        new WaitingJobs(admissions, new PolicyEvaluator(new PolicyProperties(null, null)), client);
    activityEnv = TestActivityEnvironment.newInstance();
    activityEnv.registerActivitiesImplementations(
        new ReconcileActivitiesImpl(
            client,
            jobIndex,
            ledger,
            waiting,
            new ExportMetrics(new SimpleMeterRegistry()),
            clock,
            TASK_QUEUE,
            Duration.ofDays(7)));
    activities = activityEnv.newActivityStub(ReconcileActivities.class);
  }

  @AfterEach
  void tearDown() {
    if (activityEnv != null) {
      activityEnv.close();
    }
    if (temporal != null) {
      temporal.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /**
   * What visibility would answer the activity's query: ExportWorkflow runs closed as TimedOut or
   * Terminated (every run, not only the latest of an id).
   */
  private Stream<WorkflowExecutionMetadata> closedExportWorkflows(WorkflowClient real) {
    return real
        .getWorkflowServiceStubs()
        .blockingStub()
        .listClosedWorkflowExecutions(
            ListClosedWorkflowExecutionsRequest.newBuilder()
                .setNamespace(real.getOptions().getNamespace())
                .build())
        .getExecutionsList()
        .stream()
        .filter(e -> e.getType().getName().equals(TemporalNames.WORKFLOW_TYPE))
        .filter(
            e ->
                e.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT
                    || e.getStatus()
                        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED)
        .map(e -> new WorkflowExecutionMetadata(e, real.getOptions().getDataConverter()));
  }

  private ExportJob pending(String id, int minute) {
    ExportJob job =
        ExportRequest.builder()
            .jobId(id)
            .tenant(TENANT)
            .type(ExportType.LEDGER)
            .format(ExportType.LEDGER.defaultFormat())
            .range(RANGE)
            .labels(Map.of())
            .retention("P30D")
            .target("default")
            .createdAt(CREATED.plus(Duration.ofMinutes(minute)))
            .requestedBy("dev-demo-writer")
            .callerScopes(Set.of("exports:write"))
            .build()
            .pendingJob();
    assertThat(jobIndex.insertPending(job, null, null)).isTrue();
    return job;
  }

  /** A job admitted (it holds one of the tenant's slot) and running, as its workflow wrote it. */
  private ExportJob running(String id, int minute) {
    ExportJob job = pending(id, minute);
    assertThat(admissions.claim(ask(job), 1).decision()).isEqualTo(Admission.Decision.ADMITTED);
    ExportJob running =
        job.toBuilder()
            .status(ExportStatus.RUNNING)
            .startedAt(job.createdAt().plusSeconds(1))
            .build();
    assertThat(jobIndex.record(new JobSnapshot(running, 1, null))).isTrue();
    return running;
  }

  private static AdmissionRequest ask(ExportJob job) {
    return new AdmissionRequest(job.id(), job.tenant(), job.attempt(), job.createdAt());
  }

  /** An ExportWorkflow run that never finishes: it ends only by its timeout or a terminate. */
  private WorkflowStub exportWorkflow(String jobId, Duration executionTimeout) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setWorkflowId(jobId).setTaskQueue(TASK_QUEUE);
    if (executionTimeout != null) {
      options.setWorkflowExecutionTimeout(executionTimeout);
    }
    WorkflowStub stub =
        temporal
            .getWorkflowClient()
            .newUntypedWorkflowStub(TemporalNames.WORKFLOW_TYPE, options.build());
    stub.start();
    return stub;
  }

  private List<LedgerEntry> failures(String jobId) {
    return ledger.page(new LedgerQuery(TENANT, null, null, ExportFilters.none(), 0), 1_000).stream()
        .filter(e -> e.action().equals("export.failed"))
        .filter(e -> e.resource().equals("export:" + jobId))
        .toList();
  }

  private ExportJob stored(String id) {
    return jobIndex.findById(id).orElseThrow().job();
  }

  @Test
  void aJobWhoseWorkflowTimedOutIsRecordedFailedOnceAndItsTenantsWaitersAreWoken() {
    ExportJob timedOut = running("exp-demo-timed-out", 0);
    exportWorkflow(timedOut.id(), Duration.ofMinutes(1));
    // the tenant's only slot is the stuck job's: the next job waits for it
    ExportJob waiter = pending("exp-demo-waiter", 1);
    assertThat(admissions.claim(ask(waiter), 1).decision()).isEqualTo(Admission.Decision.WAIT);
    WorkflowStub waiterRun =
        WorkflowStub.fromTyped(
            temporal
                .getWorkflowClient()
                .newWorkflowStub(
                    Waiter.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(waiter.id())
                        .setTaskQueue(WAITERS)
                        .build()));
    waiterRun.start();

    temporal.sleep(Duration.ofMinutes(2));
    var closed = temporal.getWorkflowClient().newUntypedWorkflowStub(timedOut.id()).describe();
    assertThat(closed.getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT);

    assertThat(activities.reconcileClosedWorkflows()).isEqualTo(1);

    assertThat(queries.get(0))
        .contains("WorkflowType = 'ExportWorkflow'")
        .contains("TaskQueue = 'exports'")
        .contains("'TimedOut'");
    ExportJob failed = stored(timedOut.id());
    assertThat(failed.status()).isEqualTo(ExportStatus.FAILED);
    assertThat(failed.error())
        .isEqualTo(
            new ExportError(
                "workflow_timed_out",
                "the workflow timed out in Temporal (its execution or run timeout)",
                null,
                0,
                closed.getCloseTime()));
    List<LedgerEntry> entries = failures(timedOut.id());
    assertThat(entries).hasSize(1);
    LedgerEntry entry = entries.get(0);
    assertThat(entry.actor()).isEqualTo("system");
    assertThat(entry.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(entry.occurredAt()).isEqualTo(closed.getCloseTime());
    assertThat(entry.attributes())
        .containsEntry("code", "workflow_timed_out")
        .containsEntry("jobId", timedOut.id())
        .containsEntry("type", "ledger");
    assertThat(((Number) entry.attributes().get("attempt")).intValue()).isEqualTo(1);
    // the slot is free and the job that waited for it was told so
    assertThat(waiterRun.getResult(String.class)).isEqualTo("woken");

    // the next round finds the same closed run and leaves it be
    assertThat(activities.reconcileClosedWorkflows()).isZero();
    assertThat(failures(timedOut.id())).hasSize(1);
    assertThat(stored(timedOut.id())).isEqualTo(failed);
  }

  @Test
  void aTerminatedWorkflowIsRecordedWithTheOperatorsReason() {
    ExportJob terminated = running("exp-demo-terminated", 0);
    exportWorkflow(terminated.id(), null).terminate("stuck on a dead store");

    assertThat(activities.reconcileClosedWorkflows()).isEqualTo(1);

    ExportJob failed = stored(terminated.id());
    assertThat(failed.status()).isEqualTo(ExportStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo("workflow_terminated");
    assertThat(failed.error().message())
        .startsWith("the workflow was terminated in Temporal")
        .endsWith(": stuck on a dead store");
    assertThat(failures(terminated.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.attributes()).containsEntry("code", "workflow_terminated"));
  }

  @Test
  void aJobRunningAgainOrAlreadyFinishedIsLeftAlone() {
    // its first run timed out, and a retry (a reset) runs under the same workflow id now
    ExportJob rerun = running("exp-demo-rerun", 0);
    exportWorkflow(rerun.id(), Duration.ofMinutes(1));
    // it ended (here: failed by its own workflow) before its run timed out
    ExportJob finished = pending("exp-demo-finished", 1);
    ExportJob ended =
        finished.toBuilder()
            .status(ExportStatus.FAILED)
            .error(new ExportError("extraction_failed", "no", "ExtractLedger", 3, CREATED))
            .build();
    assertThat(jobIndex.record(new JobSnapshot(ended, 1, null))).isTrue();
    exportWorkflow(finished.id(), Duration.ofMinutes(1));
    temporal.sleep(Duration.ofMinutes(2));
    exportWorkflow(rerun.id(), null);

    assertThat(activities.reconcileClosedWorkflows()).isZero();

    // visibility did offer both closed runs: they were looked at and left alone
    assertThat(offered).containsExactlyInAnyOrder(rerun.id(), finished.id());
    assertThat(stored(rerun.id())).isEqualTo(rerun);
    assertThat(stored(finished.id())).isEqualTo(ended);
    assertThat(failures(rerun.id())).isEmpty();
    assertThat(failures(finished.id())).isEmpty();
  }
}
