package io.exportjobs.worker.admission;

import io.exportjobs.shared.admission.AdmissionStore;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Wakes a tenant's earliest waiting jobs (signal {@code slotFreed}) when one of its slots frees.
 */
@Component
public class WaitingJobs {

  private static final Logger log = LoggerFactory.getLogger(WaitingJobs.class);

  private final AdmissionStore store;
  private final PolicyEvaluator policies;
  private final WorkflowClient client;

  public WaitingJobs(AdmissionStore store, PolicyEvaluator policies, WorkflowClient client) {
    this.store = store;
    this.policies = policies;
    this.client = client;
  }

  /**
   * Signals as many of the tenant's earliest waiters as could take a freed slot (its max active
   * jobs, at most 64); those that still do not fit wait on.
   */
  public void wake(String tenant) {
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
}
