package io.exportjobs.worker.reconcile;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportError;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.StoredJob;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.admission.WaitingJobs;
import io.exportjobs.worker.metrics.ExportMetrics;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reconciles the job index with Temporal: a job whose ExportWorkflow was terminated or timed out
 * never recorded its end, so it would stay pending or running for ever and keep its tenant's slot.
 * Candidates come from Temporal's visibility (closed so in the last {@code lookback}, on this
 * deployment's task queue); each is confirmed on the job's latest run, so a job that was reset or
 * retried since is left alone. What the closed run left behind (staged files on a worker, an
 * artifact published in its last moments) is not removed: the reconciler must not wait on a store
 * that may be why the run was terminated.
 */
@Component("reconcileActivities")
public class ReconcileActivitiesImpl implements ReconcileActivities {

  private static final Logger log = LoggerFactory.getLogger(ReconcileActivitiesImpl.class);

  private final WorkflowClient client;
  private final JobStore jobIndex;
  private final LedgerStore ledger;
  private final WaitingJobs waiting;
  private final ExportMetrics metrics;
  private final Clock clock;
  private final String taskQueue;
  private final Duration lookback;

  public ReconcileActivitiesImpl(
      WorkflowClient client,
      JobStore jobIndex,
      LedgerStore ledger,
      WaitingJobs waiting,
      ExportMetrics metrics,
      Clock clock,
      @Value("${exportjobs.task-queue:exports}") String taskQueue,
      @Value("${exportjobs.reconciler.lookback:P7D}") Duration lookback) {
    this.client = client;
    this.jobIndex = jobIndex;
    this.ledger = ledger;
    this.waiting = waiting;
    this.metrics = metrics;
    this.clock = clock;
    this.taskQueue = taskQueue;
    this.lookback = lookback;
  }

  @Override
  public int reconcileClosedWorkflows() {
    String query =
        String.format(
            "WorkflowType = '%s' AND TaskQueue = '%s' AND ExecutionStatus IN ('Terminated',"
                + " 'TimedOut') AND CloseTime > '%s'",
            TemporalNames.WORKFLOW_TYPE, taskQueue, clock.instant().minus(lookback));
    Set<String> jobIds =
        client
            .listExecutions(query)
            .map(e -> e.getExecution().getWorkflowId())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    int reconciled = 0;
    for (String jobId : jobIds) {
      Activity.getExecutionContext().heartbeat(reconciled);
      if (reconcile(jobId)) {
        reconciled++;
      }
    }
    return reconciled;
  }

  private boolean reconcile(String jobId) {
    Optional<StoredJob> stored = jobIndex.findById(jobId);
    if (stored.isEmpty() || stored.get().job().status().isFinished()) {
      return false;
    }
    ExportJob before = stored.get().job();
    WorkflowExecutionDescription latest = client.newUntypedWorkflowStub(jobId).describe();
    String code = codeOf(latest.getStatus());
    if (code == null) {
      return false; // its latest run is another one (a reset, a retry) and it is not over
    }
    Instant closedAt = latest.getCloseTime();
    ExportError error = new ExportError(code, why(latest), null, 0, closedAt);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("code", code);
    attributes.put("jobId", before.id());
    attributes.put("attempt", before.attempt());
    attributes.put("type", before.type().wire());
    ledger.append(
        before.tenant(),
        List.of(
            new NewLedgerEntry(
                closedAt,
                "system",
                "export.failed",
                "export:" + before.id(),
                Outcome.FAILURE,
                attributes,
                before.id() + "/" + before.attempt() + "/export.failed")));
    // past every write of the closed run, which all carry earlier workflow times
    long revision = closedAt.toEpochMilli() * 1_000 + 999;
    Optional<ExportJob> failed =
        jobIndex.recordClosedRun(before.id(), before.attempt(), error, revision);
    if (failed.isEmpty()) {
      return false;
    }
    log.warn("export {} recorded failed: {}", jobId, error.message());
    metrics.transition(before.status(), before.attempt(), failed.get());
    // its slot, or its place in the queue, is free now
    waiting.wake(before.tenant());
    return true;
  }

  private static String codeOf(WorkflowExecutionStatus status) {
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_TERMINATED -> "workflow_terminated";
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "workflow_timed_out";
      default -> null;
    };
  }

  /** The operator's reason, from the run's close event: what the Web UI shows as its end. */
  private String why(WorkflowExecutionDescription run) {
    HistoryEvent close =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(run.getExecution())
                    .setHistoryEventFilterType(
                        HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                    .build())
            .getHistory()
            .getEvents(0);
    if (close.hasWorkflowExecutionTerminatedEventAttributes()) {
      var terminated = close.getWorkflowExecutionTerminatedEventAttributes();
      return "the workflow was terminated in Temporal"
          + (terminated.getIdentity().isBlank() ? "" : " by " + terminated.getIdentity())
          + (terminated.getReason().isBlank() ? "" : ": " + terminated.getReason());
    }
    return "the workflow timed out in Temporal (its execution or run timeout)";
  }
}
