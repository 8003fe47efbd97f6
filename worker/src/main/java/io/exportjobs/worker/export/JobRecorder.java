package io.exportjobs.worker.export;

import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_EXPIRES_AT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_SCHEDULE_ID;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_STATUS;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TENANT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TYPE;

import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.workflow.AuditActivities;
import io.exportjobs.shared.workflow.AuditEvent;
import io.exportjobs.shared.workflow.JobIndexActivities;
import io.exportjobs.worker.webhook.workflow.WebhookNotices;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a job's state goes, from the workflow that holds it: its own copy (query {@code state}),
 * the search attributes (for operators), the job index (activity {@code RecordJobStatus}) and, for
 * the job's actions, the tenant's ledger (activity {@code AppendAuditEvent}).
 */
final class JobRecorder {

  static final String SYSTEM = "system";

  private final JobIndexActivities jobIndex;
  private final AuditActivities audit;
  private final boolean local;
  private final boolean requestedBySystem;
  private ExportJob job;
  private ArtifactLocation location;
  private long writes;
  private boolean showsExpiry = true;

  /**
   * @param requestedBySystem a run that a schedule started: no principal asked for it, so its
   *     {@code export.requested} is the service's own ({@code system})
   */
  JobRecorder(ExportJob job, boolean requestedBySystem) {
    this(job, requestedBySystem, Bookkeeping.remote());
  }

  JobRecorder(ExportJob job, boolean requestedBySystem, Bookkeeping bookkeeping) {
    this.job = job;
    this.requestedBySystem = requestedBySystem;
    this.jobIndex = bookkeeping.jobIndex;
    this.audit = bookkeeping.audit;
    this.local = bookkeeping.local;
  }

  ExportJob job() {
    return job;
  }

  ArtifactLocation location() {
    return location;
  }

  void location(ArtifactLocation location) {
    this.location = location;
  }

  /**
   * From now on {@code ExportExpiresAt} is not shown on this workflow: the retention workflow that
   * keeps it current carries it (this one closes, and a closed workflow's attributes never change).
   */
  void leaveExpiryToTheRetentionWorkflow() {
    showsExpiry = false;
  }

  /** The job changed only in this workflow's copy (progress between transitions). */
  void update(ExportJob next) {
    job = next;
  }

  /** A transition: the workflow's copy, the search attributes and the job index. */
  void transition(ExportJob next) {
    job = next;
    upsertSearchAttributes();
    writes++;
    // workflow time orders writes across runs too: a reset run's writes win over the old run's
    long revision = Workflow.currentTimeMillis() * 1_000 + writes;
    jobIndex.record(new JobSnapshot(job, revision, location));
  }

  void upsertSearchAttributes() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(EXPORT_TENANT.valueSet(job.tenant()));
    updates.add(EXPORT_TYPE.valueSet(job.type().wire()));
    updates.add(EXPORT_STATUS.valueSet(job.status().wire()));
    if (job.scheduleId() != null) {
      updates.add(EXPORT_SCHEDULE_ID.valueSet(job.scheduleId()));
    }
    updates.add(
        job.expiresAt() == null || !showsExpiry
            ? EXPORT_EXPIRES_AT.valueUnset()
            : EXPORT_EXPIRES_AT.valueSet(job.expiresAt().atOffset(ZoneOffset.UTC)));
    Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
  }

  /**
   * Appends one of the job's actions to the tenant's ledger, once: the event key of job, attempt
   * and action makes a retried activity, a reset run or the api's own entry for the same action (a
   * user's cancel or deletion) count once.
   */
  void audit(String action, String outcome, Map<String, Object> details) {
    Map<String, Object> attributes = new LinkedHashMap<>(details);
    attributes.put("jobId", job.id());
    attributes.put("attempt", job.attempt());
    attributes.put("type", job.type().wire());
    String actor =
        "export.requested".equals(action) && !requestedBySystem ? job.requestedBy() : SYSTEM;
    audit.append(
        new AuditEvent(
            job.tenant(),
            actor,
            action,
            job.id(),
            outcome,
            now(),
            attributes,
            job.id() + "/" + job.attempt() + "/" + action));
  }

  /** Tells the tenant's webhooks that the job reached {@code event}, as this run's version does. */
  void notifyWebhooks(String event) {
    WebhookNotices.send(job, event, local);
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
