package io.exportjobs.shared.workflow;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface AdmissionActivities {

  /**
   * Asks for one of the tenant's active slots (policy {@code maxActiveJobs}, as configured now).
   * Never blocks: a job told to wait asks again when woken.
   */
  @ActivityMethod(name = "ClaimExportSlot")
  Admission claim(AdmissionRequest request);

  /**
   * Called by a job that left its slot or its place in the queue (finished, failed or was
   * cancelled): signals the tenant's earliest waiting jobs, so the slot does not stay idle.
   */
  @ActivityMethod(name = "WakeWaitingExports")
  void wakeWaiters(String tenant);
}
