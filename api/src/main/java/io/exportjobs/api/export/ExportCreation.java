package io.exportjobs.api.export;

import io.exportjobs.api.audit.AuditEntry;
import io.exportjobs.api.audit.AuditTrail;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.StoredJob;
import io.exportjobs.shared.policy.ExportPolicy;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.tenant.TenantLocks;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * {@code POST /exports}: validates the body against the tenant's policy (read once for the whole
 * request), then, holding the tenant's lock row, checks the hourly quota, records {@code
 * export.requested} and inserts the pending job in one transaction; then starts the workflow, or
 * removes the job again when it cannot.
 */
@Service
class ExportCreation {

  private static final Logger log = LoggerFactory.getLogger(ExportCreation.class);

  private final ExportRequestFactory requests;
  private final PolicyEvaluator policies;
  private final JobStore jobStore;
  private final WorkflowGateway workflows;
  private final TenantLocks locks;
  private final HourlyJobQuota quota;
  private final AuditTrail audit;

  ExportCreation(
      ExportRequestFactory requests,
      PolicyEvaluator policies,
      JobStore jobStore,
      WorkflowGateway workflows,
      TenantLocks locks,
      HourlyJobQuota quota,
      AuditTrail audit) {
    this.requests = requests;
    this.policies = policies;
    this.jobStore = jobStore;
    this.workflows = workflows;
    this.locks = locks;
    this.quota = quota;
    this.audit = audit;
  }

  /** The job and whether this call created it (false: an idempotent repeat). */
  record Created(ExportJob job, boolean created) {}

  Created create(Caller caller, CreateExportBody body, String idempotencyKey) {
    ExportPolicy policy = policies.policyFor(caller.tenant());
    ExportRequestFactory.Validated validated =
        requests.create(caller, policy, body, idempotencyKey);
    ExportRequest request = validated.request();
    ExportService.throwIfViolated(PolicyEvaluator.evaluate(policy, request));
    if (idempotencyKey != null) {
      // a repeat answers the job it made, even once the hour's quota is used up
      Optional<StoredJob> existing = jobStore.findById(request.jobId());
      if (existing.isPresent()) {
        return repeat(caller, existing.get(), validated);
      }
    }
    AuditEntry requested =
        AuditEntry.job(
            request.pendingJob(),
            request.attempt(),
            "export.requested",
            Map.of("format", request.format().wire()),
            true);
    audit.prepare(caller.tenant());
    Optional<Created> repeated =
        locks.underLock(
            caller.tenant(),
            () -> insertWithinQuota(caller, policy, validated, idempotencyKey, requested));
    if (repeated.isPresent()) {
      return repeated.get();
    }
    try {
      String runId = workflows.start(request);
      jobStore.recordRunId(request.jobId(), request.attempt(), runId);
    } catch (RuntimeException e) {
      log.error("could not start the workflow of {}", request.jobId(), e);
      jobStore.deletePending(request.jobId());
      ApiException unavailable =
          ApiException.unavailable("the job could not be started; nothing was created");
      audit.notCarriedOut(caller, requested, unavailable);
      throw unavailable;
    }
    StoredJob inserted =
        jobStore
            .find(caller.tenant(), request.jobId())
            .orElseThrow(() -> ApiException.notFound("export " + request.jobId()));
    return new Created(inserted.job(), true);
  }

  /**
   * Runs holding the tenant's lock row: the quota, then the entry and the pending job, which commit
   * together or not at all. Answers the existing job when a concurrent create with the same key
   * committed first.
   */
  private Optional<Created> insertWithinQuota(
      Caller caller,
      ExportPolicy policy,
      ExportRequestFactory.Validated validated,
      String idempotencyKey,
      AuditEntry requested) {
    quota.check(caller.tenant(), policy.maxJobsPerHour());
    ExportRequest request = validated.request();
    Optional<StoredJob> existing = jobStore.findById(request.jobId());
    if (existing.isPresent()) {
      return Optional.of(repeat(caller, existing.get(), validated));
    }
    audit.record(caller, requested);
    if (!jobStore.insertPending(request.pendingJob(), idempotencyKey, validated.requestHash())) {
      throw ApiException.conflict("the job is being created; try again");
    }
    return Optional.empty();
  }

  /** The same Idempotency-Key again: the same job for the same body, 422 for another. */
  private static Created repeat(
      Caller caller, StoredJob existing, ExportRequestFactory.Validated validated) {
    if (!existing.job().tenant().equals(caller.tenant())
        || !validated.requestHash().equals(existing.requestHash())) {
      throw ApiException.idempotencyKeyReused();
    }
    return new Created(existing.job(), false);
  }
}
