package io.exportjobs.worker.export;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.workflow.AdmissionActivities;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.exportjobs.shared.workflow.PolicyCheck;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.shared.workflow.WaitingForSlot;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A job's place in its tenant's queue (policy {@code maxActiveJobs}): it waits, as {@code pending},
 * until {@code ClaimExportSlot} admits it, and when it leaves (finished, failed, cancelled) it
 * wakes the tenant's earliest waiters.
 *
 * <p>A waiting job sleeps until a {@code slotFreed} signal wakes it, or a long fallback timer, and
 * checks the policy again only then, before it claims. Every wake-up costs about 18 history events,
 * so after {@link #HISTORY_BOUND} events the job continues as a new run: a job that waits for a day
 * keeps each run's history in the hundreds of events.
 */
final class SlotQueue {

  private static final Logger log = Workflow.getLogger(SlotQueue.class);

  /** Change id of the admission step (max active jobs), added in the second version. */
  static final String ADMISSION_CHANGE = "admission";

  /** Change id of waiting on the signal with a fallback timer and continue-as-new (v3). */
  static final String WAKE_ON_SIGNAL_CHANGE = "slot-wait-signal";

  /** How long a waiting job sleeps when nothing wakes it: a lost wake-up costs at most this. */
  static final Duration FALLBACK = Duration.ofMinutes(15);

  /** A waiting job continues as a new run once its history is this long. */
  static final int HISTORY_BOUND = 500;

  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);

  private AdmissionActivities admission;
  private PolicyActivities policy;
  private boolean local;
  private boolean woken;
  private boolean admitted;
  private boolean queued;

  /** The stubs of the run's version; set before anything else is asked. */
  void use(Bookkeeping bookkeeping) {
    admission = bookkeeping.admission;
    policy = bookkeeping.policy;
    local = bookkeeping.local;
  }

  /**
   * Waits for a slot. Returns when the job took it (the moment it did), or null for a run of the
   * first version, which had no admission. Never returns when the job continues as a new run.
   */
  Instant await(ExportRequest request, JobRecorder recorder, WaitingForSlot waited) {
    if (Workflow.getVersion(ADMISSION_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
      return null;
    }
    AdmissionRequest ask =
        new AdmissionRequest(
            request.jobId(), request.tenant(), request.attempt(), request.createdAt());
    if (Workflow.getVersion(WAKE_ON_SIGNAL_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
      return pollForSlot(ask, request);
    }
    Instant since = waited == null ? JobRecorder.now() : waited.since();
    int run = waited == null ? 1 : waited.run();
    while (true) {
      // v5: a wake-up that comes while the claim is being made is kept, and asks again at once
      woken = false;
      Admission answer = admission.claim(ask);
      if (answer.decision() == Admission.Decision.ADMITTED) {
        admitted = true;
        return answer.startedAt();
      }
      queued = true;
      CurrentDetails.waiting(answer.reason());
      if (!local) {
        woken = false; // v4 and before forgot it: their histories replay only this way
      }
      Workflow.await(FALLBACK, () -> woken);
      // the policy may have changed while the job waited: it never starts under an old one
      PolicyCheck check = policy.checkPolicy(request);
      ExportJob job = recorder.job();
      recorder.update(job.toBuilder().progress(job.progress().withTotal(total(check))).build());
      if (Workflow.getInfo().getHistoryLength() >= HISTORY_BOUND) {
        log.info("export {} still waits for a slot: continuing as run {}", job.id(), run + 1);
        Workflow.newContinueAsNewStub(ExportWorkflow.class, continued(job))
            .run(request, new WaitingForSlot(since, run + 1, total(check)));
      }
    }
  }

  /** The next run keeps what operators find the job by: its search attributes and summary. */
  private static ContinueAsNewOptions continued(ExportJob job) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(TemporalNames.EXPORT_TENANT, job.tenant())
            .set(TemporalNames.EXPORT_TYPE, job.type().wire())
            .set(TemporalNames.EXPORT_STATUS, job.status().wire());
    if (job.scheduleId() != null) {
      attributes.set(TemporalNames.EXPORT_SCHEDULE_ID, job.scheduleId());
    }
    Map<String, Object> memo = new HashMap<>();
    if (Workflow.getMemo(TemporalNames.MEMO_SUMMARY, String.class) instanceof String summary) {
      memo.put(TemporalNames.MEMO_SUMMARY, summary);
    }
    return ContinueAsNewOptions.newBuilder()
        .setTypedSearchAttributes(attributes.build())
        .setMemo(memo)
        .build();
  }

  /** The second version's wait: ask again after 1, 2, 4, 8, then every 15 s. */
  private Instant pollForSlot(AdmissionRequest ask, ExportRequest request) {
    Duration pause = FIRST_PAUSE;
    while (true) {
      Admission answer = admission.claim(ask);
      if (answer.decision() != Admission.Decision.WAIT) {
        admitted = true;
        return answer.startedAt();
      }
      woken = false;
      Workflow.await(pause, () -> woken);
      pause = pause.multipliedBy(2);
      if (pause.compareTo(LONGEST_PAUSE) > 0) {
        pause = LONGEST_PAUSE;
      }
      policy.checkPolicy(request);
    }
  }

  /** Signal {@code slotFreed}: ask again now. */
  void wake() {
    woken = true;
  }

  /**
   * The job leaves the queue: if it held a slot, or waited for one (so later jobs counted it as
   * ahead of them), the tenant's earliest waiting jobs are woken at once.
   */
  void leave(String tenant) {
    if (admitted || queued) {
      admitted = false;
      queued = false;
      admission.wakeWaiters(tenant);
    }
  }

  static Long total(PolicyCheck check) {
    return check == null ? null : check.entriesTotal();
  }
}
