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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * {@code POST /exports}: validates the body against the tenant's policy (read once for the whole
 * request), then, holding the tenant's lock row, checks the hourly quota, records {@code
 * export.requested} and inserts the pending job in one transaction; then starts the workflow, or
 * removes the job again when it cannot.
 *
 * <p>The locked transaction is a tenant's one serialized step, so concurrent creates of a tenant
 * share it ({@link GroupCommit}): one transaction counts the quota once, appends every admitted
 * request's entry in one ledger append (one rewrite of the tree's tiles) and inserts their jobs.
 * The workflow starts, which take longest, run in parallel outside it.
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
  private final GroupCommit<Insert, Inserted> inserts;

  /** At most this many creates share one locked transaction. */
  static final int MAX_BATCH = 32;

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
    this.inserts = new GroupCommit<>(this::insertBatch, MAX_BATCH);
  }

  /** The job and whether this call created it (false: an idempotent repeat). */
  record Created(ExportJob job, boolean created) {}

  /** One create's turn in the locked transaction. */
  private record Insert(
      Caller caller,
      ExportPolicy policy,
      ExportRequestFactory.Validated validated,
      String idempotencyKey,
      AuditEntry requested) {}

  /**
   * What the locked transaction decided for one create: inserted (both null/false), an idempotent
   * repeat of a job that exists, or {@code again}: a create with the same job id is ahead of it in
   * the same batch, so it asks in the next one, where that job exists.
   */
  private record Inserted(Created repeat, boolean again) {}

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
    Insert insert = new Insert(caller, policy, validated, idempotencyKey, requested);
    Inserted decided;
    do {
      decided = inserts.submit(caller.tenant(), insert);
    } while (decided.again());
    if (decided.repeat() != null) {
      return decided.repeat();
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
   * Runs holding the tenant's lock row, for a batch of creates: the quota, then the entries and the
   * pending jobs of those it admits, which commit together or not at all (a ledger that cannot be
   * written refuses the whole batch with 503). Each create that is refused (quota, a reused
   * Idempotency-Key) gets its own answer; one whose key names a job that exists gets that job.
   */
  private List<GroupCommit.Outcome<Inserted>> insertBatch(String tenant, List<Insert> batch) {
    return locks.underLock(
        tenant,
        () -> {
          HourlyJobQuota.Room room = quota.room(tenant);
          List<GroupCommit.Outcome<Inserted>> outcomes = new ArrayList<>(batch.size());
          List<Insert> admitted = new ArrayList<>(batch.size());
          Set<String> ids = new HashSet<>();
          for (Insert insert : batch) {
            ExportRequest request = insert.validated().request();
            if (!ids.add(request.jobId())) {
              outcomes.add(GroupCommit.Outcome.of(new Inserted(null, true)));
              continue;
            }
            try {
              Optional<StoredJob> existing = jobStore.findById(request.jobId());
              if (existing.isPresent()) {
                Created repeat = repeat(insert.caller(), existing.get(), insert.validated());
                outcomes.add(GroupCommit.Outcome.of(new Inserted(repeat, false)));
                continue;
              }
              room.take(insert.policy().maxJobsPerHour());
            } catch (ApiException refused) {
              outcomes.add(GroupCommit.Outcome.failed(refused));
              continue;
            }
            admitted.add(insert);
            outcomes.add(GroupCommit.Outcome.of(new Inserted(null, false)));
          }
          audit.recordAll(
              tenant,
              admitted.stream()
                  .map(i -> new AuditTrail.Action(i.caller(), i.requested()))
                  .toList());
          for (Insert insert : admitted) {
            ExportRequest request = insert.validated().request();
            if (!jobStore.insertPending(
                request.pendingJob(), insert.idempotencyKey(), insert.validated().requestHash())) {
              throw ApiException.conflict("the job is being created; try again");
            }
          }
          return outcomes;
        });
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
