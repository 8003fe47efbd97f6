package io.exportjobs.worker.admission;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.exportjobs.shared.admission.AdmissionStore;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.workflow.AdmissionActivities;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component("admissionActivities")
public class AdmissionActivitiesImpl implements AdmissionActivities {

  private static final Logger log = LoggerFactory.getLogger(AdmissionActivitiesImpl.class);

  private final AdmissionStore store;
  private final PolicyEvaluator policies;
  private final WorkflowClient client;

  public AdmissionActivitiesImpl(
      AdmissionStore store, PolicyEvaluator policies, WorkflowClient client) {
    this.store = store;
    this.policies = policies;
    this.client = client;
  }

  @Override
  public void wakeWaiters(String tenant) {
    Integer maxActive = policies.policyFor(tenant).maxActiveJobs();
    int limit = maxActive == null ? 16 : Math.max(1, Math.min(maxActive, 64));
    for (String jobId : store.earliestWaiters(tenant, limit)) {
      try {
        client.newUntypedWorkflowStub(jobId).signal(TemporalNames.SIGNAL_SLOT_FREED);
      } catch (RuntimeException gone) {
        // closed or reset meanwhile: it will not wait any more, nothing to wake
        log.debug("could not wake {}: {}", jobId, gone.getMessage());
      }
    }
  }

  @Override
  public Admission claim(AdmissionRequest request) {
    Integer maxActive = policies.policyFor(request.tenant()).maxActiveJobs();
    return store.claim(request, maxActive == null ? Integer.MAX_VALUE : Math.max(1, maxActive));
  }
}
