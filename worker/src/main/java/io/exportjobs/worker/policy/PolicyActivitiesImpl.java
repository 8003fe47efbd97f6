package io.exportjobs.worker.policy;

import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.PolicyViolation;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.exportjobs.shared.workflow.PolicyCheck;
import io.exportjobs.worker.ActivityFailures;
import io.exportjobs.worker.extraction.ExportSelection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The authoritative policy check: the policy as configured when the job runs, not when sent. */
@Component("policyActivities")
public class PolicyActivitiesImpl implements PolicyActivities {

  private final PolicyEvaluator evaluator;
  private final LedgerStore ledger;

  public PolicyActivitiesImpl(PolicyEvaluator evaluator, LedgerStore ledger) {
    this.evaluator = evaluator;
    this.ledger = ledger;
  }

  @Override
  public PolicyCheck checkPolicy(ExportRequest request) {
    List<PolicyViolation> violations = evaluator.evaluate(request);
    if (violations.isEmpty()) {
      return new PolicyCheck(countWithinLimit(request));
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

  /**
   * Counts the entries the export would read (its {@code progress.entriesTotal}) and checks max
   * entries per export, before anything is written, so a job that is too large fails at once
   * instead of after hours.
   */
  private long countWithinLimit(ExportRequest request) {
    Long max = evaluator.policyFor(request.tenant()).maxEntriesPerExport();
    long count = ledger.count(ExportSelection.of(ledger, request).query());
    if (max != null && count > max) {
      throw ActivityFailures.nonRetryable(
          PolicyViolation.DENIED,
          String.format(
              Locale.ROOT,
              "the export would hold %,d entries; the policy allows at most %,d per export:"
                  + " narrow the range or the filters",
              count,
              max));
    }
    return count;
  }
}
