package io.exportjobs.api.export;

import io.exportjobs.api.audit.AuditEntry;
import io.exportjobs.api.audit.AuditTrail;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.FieldError;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.StoredJob;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.PolicyViolation;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds, cancels and retries jobs and changes a completed one (creating is {@link ExportCreation}):
 * the job store first, then Temporal. Every action is appended to the tenant's ledger ({@link
 * AuditTrail}) after its checks and before it is carried out.
 */
@Service
public class ExportService {

  private static final Logger log = LoggerFactory.getLogger(ExportService.class);

  /** How long a retry waits for the job's last run to close before it answers 409. */
  private static final Duration LAST_RUN_CLOSING = Duration.ofSeconds(10);

  private final PolicyEvaluator policies;
  private final JobStore jobStore;
  private final WorkflowGateway workflows;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  ExportService(
      PolicyEvaluator policies,
      JobStore jobStore,
      WorkflowGateway workflows,
      AuditTrail audit,
      TransactionTemplate tx) {
    this.policies = policies;
    this.jobStore = jobStore;
    this.workflows = workflows;
    this.audit = audit;
    this.tx = tx;
  }

  ExportJob find(Caller caller, String id) {
    return stored(caller, id).job();
  }

  StoredJob stored(Caller caller, String id) {
    if (id.length() > 128) {
      throw ApiException.notFound("export " + abbreviate(id));
    }
    return jobStore
        .find(caller.tenant(), id)
        .orElseThrow(() -> ApiException.notFound("export " + abbreviate(id)));
  }

  ExportJob cancel(Caller caller, String id) {
    ExportJob job = find(caller, id);
    if (job.status().isFinished()) {
      throw ApiException.conflict("export " + id + " is already " + job.status().wire());
    }
    AuditEntry cancelled =
        AuditEntry.job(
            job,
            job.attempt(),
            "export.cancelled",
            Map.of("statusBefore", job.status().wire()),
            true);
    return audit.recordThen(
        caller,
        cancelled,
        () -> {
          try {
            workflows.cancel(job);
          } catch (WorkflowNotFoundException e) {
            throw ApiException.conflict("export " + id + " is not running");
          }
          return job;
        });
  }

  ExportJob retry(Caller caller, String id) {
    StoredJob stored = stored(caller, id);
    ExportJob job = stored.job();
    if (!job.status().isRetryable()) {
      throw ApiException.conflict(
          "only a failed or cancelled export can be retried; this one is " + job.status().wire());
    }
    ExportRequest request =
        ExportRequest.of(job, caller.scopes()).attempt(job.attempt() + 1).build();
    checkPolicy(policies, request);
    AuditEntry retried =
        AuditEntry.job(
            job,
            request.attempt(),
            "export.retried",
            Map.of("previousAttempt", job.attempt(), "previousStatus", job.status().wire()),
            true);
    // the conditional move to attempt + 1 is the last check: a concurrent retry loses there (409)
    // before it records anything. The move and its entry commit together, so an entry that cannot
    // be written (503) leaves the job exactly as it was.
    audit.prepare(caller.tenant());
    boolean moved =
        Boolean.TRUE.equals(
            tx.execute(
                status -> {
                  if (jobStore.markRetrying(job.id(), job.attempt()).isEmpty()) {
                    return false;
                  }
                  audit.record(caller, retried);
                  return true;
                }));
    if (!moved) {
      throw ApiException.conflict("export " + id + " is being retried already");
    }
    try {
      String runId = startAfterTheLastRun(request);
      jobStore.recordRunId(job.id(), request.attempt(), runId);
    } catch (WorkflowExecutionAlreadyStarted e) {
      jobStore.revertRetry(stored);
      throw notCarriedOut(
          caller, retried, ApiException.conflict("export " + id + " is running again already"));
    } catch (RuntimeException e) {
      log.error("could not start the retry of {}", id, e);
      jobStore.revertRetry(stored);
      throw notCarriedOut(
          caller,
          retried,
          ApiException.unavailable("the retry could not be started; the job is unchanged"));
    }
    return find(caller, id);
  }

  /**
   * Starts the retry's run. The last run may still be closing (it records the job's end before it
   * leaves its slot and tells the webhooks): give it a few seconds before answering 409.
   */
  private String startAfterTheLastRun(ExportRequest request) {
    try {
      return workflows.start(request);
    } catch (WorkflowExecutionAlreadyStarted stillOpen) {
      if (!workflows.awaitClosed(request.jobId(), LAST_RUN_CLOSING)) {
        throw stillOpen;
      }
      return workflows.start(request);
    }
  }

  /**
   * {@code PATCH /exports/{id}}: a new retention, within the policy's bounds, for a completed job;
   * the workflow moves its timer and answers the job with the new {@code expiresAt}.
   */
  ExportJob setRetention(Caller caller, String id, String retention) {
    ExportJob job = find(caller, id);
    if (retention == null) {
      throw ApiException.invalid("retention", "is required, e.g. P90D");
    }
    policies
        .checkRetention(caller.tenant(), retention)
        .ifPresent(violation -> throwIfViolated(List.of(violation)));
    requireCompleted(job, "its retention can be changed");
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("retention", retention);
    change.put("previousRetention", job.retention());
    if (job.expiresAt() != null) {
      change.put("previousExpiresAt", job.expiresAt().toString());
    }
    AuditEntry entry =
        AuditEntry.job(job, job.attempt(), "export.retention_changed", change, false);
    return audit.recordThen(
        caller,
        entry,
        () -> {
          try {
            return workflows.setRetention(job, retention);
          } catch (WorkflowException e) {
            log.info("setRetention refused for {}: {}", id, e.getMessage());
            throw ApiException.conflict(
                "export " + id + " is no longer completed; its retention cannot be changed");
          }
        });
  }

  /** {@code DELETE /exports/{id}/artifact}: deletes the artifact now; the job becomes expired. */
  ExportJob deleteArtifact(Caller caller, String id) {
    ExportJob job = find(caller, id);
    requireCompleted(job, "its artifact can be deleted");
    // the workflow records the same expiry with the same key; whichever comes second is skipped
    AuditEntry expired =
        AuditEntry.job(
            job, job.attempt(), "export.expired", Map.of("reason", "deleted_on_request"), true);
    return audit.recordThen(
        caller,
        expired,
        () -> {
          try {
            return workflows.deleteArtifact(job);
          } catch (WorkflowException e) {
            log.info("deleteArtifact refused for {}: {}", id, e.getMessage());
            throw ApiException.conflict(
                "export " + id + " is no longer completed; it has no artifact to delete");
          }
        });
  }

  private ApiException notCarriedOut(Caller caller, AuditEntry entry, ApiException answer) {
    audit.notCarriedOut(caller, entry, answer);
    return answer;
  }

  private static void requireCompleted(ExportJob job, String what) {
    if (job.status() != ExportStatus.COMPLETED) {
      throw ApiException.conflict(
          "export " + job.id() + " is " + job.status().wire() + "; only once completed " + what);
    }
  }

  /**
   * The api's policy check: 403 {@code policy_denied} for a type or format the caller may not use,
   * 400 {@code validation_failed} for malformed values, 422 {@code out_of_bounds} for values
   * outside the policy's limits (range span, retention). Every violation is listed in {@code
   * errors}.
   */
  public static void checkPolicy(PolicyEvaluator policies, ExportRequest request) {
    throwIfViolated(policies.evaluate(request));
  }

  static void throwIfViolated(List<PolicyViolation> violations) {
    if (violations.isEmpty()) {
      return;
    }
    List<FieldError> errors =
        violations.stream().map(v -> new FieldError(v.field(), v.message())).toList();
    List<PolicyViolation> denials =
        violations.stream().filter(v -> PolicyViolation.DENIED.equals(v.code())).toList();
    if (!denials.isEmpty()) {
      throw ApiException.policyDenied(
          denials.stream().map(PolicyViolation::message).collect(Collectors.joining("; ")), errors);
    }
    if (violations.stream().anyMatch(v -> PolicyViolation.INVALID.equals(v.code()))) {
      throw ApiException.invalid(errors);
    }
    throw ApiException.outOfBounds(errors);
  }

  private static String abbreviate(String id) {
    return id.length() <= 64 ? id : id.substring(0, 64) + "…";
  }
}
