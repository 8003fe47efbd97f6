package io.exportjobs.worker.policy;

import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.PolicyViolation;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.exportjobs.worker.ActivityFailures;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The authoritative policy check: the policy as configured when the job runs, not when sent. */
@Component("policyActivities")
public class PolicyActivitiesImpl implements PolicyActivities {

  private final PolicyEvaluator evaluator;

  public PolicyActivitiesImpl(PolicyEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  @Override
  public void checkPolicy(ExportRequest request) {
    List<PolicyViolation> violations = evaluator.evaluate(request);
    if (violations.isEmpty()) {
      return;
    }
    String code =
        violations.stream().anyMatch(PolicyViolation::isDenial)
            ? PolicyViolation.DENIED
            : PolicyViolation.INVALID;
    String message =
        violations.stream()
            .map(v -> v.field() + ": " + v.message())
            .collect(Collectors.joining("; "));
    throw ActivityFailures.nonRetryable(code, message);
  }
}
