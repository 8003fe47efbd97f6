package io.exportjobs.shared.policy;

import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one policy check, used by the api before it starts a workflow and by the workflow's policy
 * activity, authoritatively, when the job runs.
 */
public class PolicyEvaluator {

  public static final String ADMIN_SCOPE = "exports:admin";

  private final PolicyProperties properties;

  public PolicyEvaluator(PolicyProperties properties) {
    this.properties = properties;
  }

  public ExportPolicy policyFor(String tenant) {
    return properties.effectiveFor(tenant);
  }

  public List<PolicyViolation> evaluate(ExportRequest request) {
    ExportPolicy policy = policyFor(request.tenant());
    List<PolicyViolation> violations = new ArrayList<>();
    ExportType type = request.type();
    if (!policy.allowedTypes().contains(type)) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.DENIED,
              "type",
              "export type '" + type.wire() + "' is not allowed for this tenant"));
    } else if (policy.restrictedTypes().contains(type)
        && !request.callerScopes().contains(ADMIN_SCOPE)) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.DENIED,
              "type",
              "export type '" + type.wire() + "' is restricted and needs scope " + ADMIN_SCOPE));
    }
    if (!type.supports(request.format())) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.INVALID,
              "format",
              "format '"
                  + request.format().wire()
                  + "' is not available for type '"
                  + type.wire()
                  + "'"));
    }
    checkRange(type, request.range(), policy, violations);
    Optional<Duration> retention = Retention.parse(request.retention());
    if (retention.isEmpty()) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.INVALID, "retention", "must be a positive ISO 8601 duration"));
    } else if (retention.get().compareTo(policy.retentionMin()) < 0
        || retention.get().compareTo(policy.retentionMax()) > 0) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.INVALID,
              "retention",
              "must be between " + policy.retentionMin() + " and " + policy.retentionMax()));
    }
    return violations;
  }

  private static void checkRange(
      ExportType type, TimeRange range, ExportPolicy policy, List<PolicyViolation> violations) {
    if (range == null || range.to() == null) {
      violations.add(new PolicyViolation(PolicyViolation.INVALID, "range.to", "is required"));
      return;
    }
    if (type == ExportType.SNAPSHOT) {
      if (range.from() != null) {
        violations.add(
            new PolicyViolation(
                PolicyViolation.INVALID,
                "range.from",
                "must be absent for a snapshot, which holds the whole ledger"));
      }
      return;
    }
    if (range.from() == null) {
      violations.add(new PolicyViolation(PolicyViolation.INVALID, "range.from", "is required"));
      return;
    }
    if (!range.from().isBefore(range.to())) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.INVALID,
              "range",
              "from must be before to (the range is [from, to))"));
      return;
    }
    if (range.span().compareTo(policy.maxRangeSpan()) > 0) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.DENIED,
              "range",
              "spans "
                  + range.span()
                  + ", more than the tenant's maximum of "
                  + policy.maxRangeSpan()));
    }
  }
}
