package io.exportjobs.worker.admission;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.exportjobs.shared.admission.AdmissionStore;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.workflow.AdmissionActivities;
import org.springframework.stereotype.Component;

@Component("admissionActivities")
public class AdmissionActivitiesImpl implements AdmissionActivities {

  private final AdmissionStore store;
  private final PolicyEvaluator policies;
  private final WaitingJobs waiting;

  public AdmissionActivitiesImpl(
      AdmissionStore store, PolicyEvaluator policies, WaitingJobs waiting) {
    this.store = store;
    this.policies = policies;
    this.waiting = waiting;
  }

  @Override
  public void wakeWaiters(String tenant) {
    waiting.wake(tenant);
  }

  @Override
  public Admission claim(AdmissionRequest request) {
    Integer maxActive = policies.policyFor(request.tenant()).maxActiveJobs();
    return store.claim(request, maxActive == null ? Integer.MAX_VALUE : Math.max(1, maxActive));
  }
}
