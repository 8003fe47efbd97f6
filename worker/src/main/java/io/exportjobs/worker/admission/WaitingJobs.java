package io.exportjobs.worker.admission;

import io.exportjobs.shared.admission.AdmissionStore;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
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
   * Signals the tenant's earliest waiters that fit in its free slots (at most 64); the others wait
   * on. A waiter that has closed meanwhile needs no wake-up; any other failure to signal fails the
   * activity, which is retried, so that a wake-up is not lost to a passing outage.
   */
  public void wake(String tenant) {
    Integer maxActive = policies.policyFor(tenant).maxActiveJobs();
    int limit = maxActive == null ? Integer.MAX_VALUE : Math.max(1, maxActive);
    for (String jobId : store.waitersThatFit(tenant, limit)) {
      try {
        client.newUntypedWorkflowStub(jobId).signal(TemporalNames.SIGNAL_SLOT_FREED);
      } catch (WorkflowNotFoundException gone) {
        // closed or reset meanwhile: it will not wait any more, nothing to wake
        log.debug("could not wake {}: {}", jobId, gone.getMessage());
      }
    }
  }
}
