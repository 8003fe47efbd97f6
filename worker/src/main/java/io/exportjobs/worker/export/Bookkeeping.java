package io.exportjobs.worker.export;

import io.exportjobs.shared.workflow.AdmissionActivities;
import io.exportjobs.shared.workflow.AuditActivities;
import io.exportjobs.shared.workflow.JobIndexActivities;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.temporal.workflow.Workflow;

/**
 * The stubs of an export run's bookkeeping: the job index, the ledger, the policy check and the
 * tenant's queue. Each is a short database call.
 *
 * <p>From v5 (change id {@code local-bookkeeping}) they are local activities: the worker that runs
 * the workflow task makes the call itself and records one marker, so that the steps between two
 * pieces of real work (claim a slot, record running, append {@code export.started}) take one
 * workflow task instead of a round trip through the server and three events each. Retries, the
 * fail-closed ledger and the activity names in a failed job's {@code error.activity} are the same.
 * A run of v4 or earlier keeps its activities, so that its history replays.
 */
final class Bookkeeping {

  /** Change id of the bookkeeping as local activities (v5). */
  static final String CHANGE_ID = "local-bookkeeping";

  final JobIndexActivities jobIndex;
  final AuditActivities audit;
  final PolicyActivities policy;
  final AdmissionActivities admission;
  final boolean local;

  private Bookkeeping(boolean local) {
    this.local = local;
    if (local) {
      jobIndex =
          Workflow.newLocalActivityStub(
              JobIndexActivities.class,
              ExportActivityOptions.local(ExportActivityOptions.bookkeeping()));
      audit =
          Workflow.newLocalActivityStub(
              AuditActivities.class,
              ExportActivityOptions.local(ExportActivityOptions.bookkeeping()));
      policy =
          Workflow.newLocalActivityStub(
              PolicyActivities.class, ExportActivityOptions.local(ExportActivityOptions.policy()));
      admission =
          Workflow.newLocalActivityStub(
              AdmissionActivities.class,
              ExportActivityOptions.local(ExportActivityOptions.bookkeeping()));
    } else {
      jobIndex =
          Workflow.newActivityStub(JobIndexActivities.class, ExportActivityOptions.bookkeeping());
      audit = Workflow.newActivityStub(AuditActivities.class, ExportActivityOptions.bookkeeping());
      policy = Workflow.newActivityStub(PolicyActivities.class, ExportActivityOptions.policy());
      admission =
          Workflow.newActivityStub(AdmissionActivities.class, ExportActivityOptions.bookkeeping());
    }
  }

  /** The bookkeeping of this run's version: local from v5 on. Workflow code only. */
  static Bookkeeping ofThisRun() {
    return new Bookkeeping(Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1);
  }

  /** Activities on the task queue, as every version before v5 had them. */
  static Bookkeeping remote() {
    return new Bookkeeping(false);
  }
}
