package io.exportjobs.shared.policy;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one policy check, used by the api before it starts a workflow and by the workflow's policy
 * activity, authoritatively, when the job runs. The policy is the configured one ({@code
 * exportjobs.policy}) with the optional runtime policy file layered over it; the file is re-read
 * when it changes, so every call sees the policy in force now.
 */
public class PolicyEvaluator {

  public static final String ADMIN_SCOPE = "exports:admin";

  private final PolicyProperties configured;
  private final PolicyFile file;

  public PolicyEvaluator(PolicyProperties configured) {
    this(configured, null);
  }

  /** {@code file}: the runtime policy file, or null for none. */
  public PolicyEvaluator(PolicyProperties configured, PolicyFile file) {
    this.configured = configured;
    this.file = file;
  }

  public ExportPolicy policyFor(String tenant) {
    PolicyProperties layer = file == null ? null : file.current().orElse(null);
    return PolicyProperties.layered(configured, layer, tenant);
  }

  /**
   * Whether the tenant may request {@code type} at all: allowed for the tenant, and, when
   * restricted, only with {@code exports:admin}. Empty when it may.
   */
  public Optional<PolicyViolation> checkType(String tenant, ExportType type, Set<String> scopes) {
    return checkType(policyFor(tenant), type, scopes);
  }

  /** {@link #checkType(String, ExportType, Set)} against a policy read already. */
  public static Optional<PolicyViolation> checkType(
      ExportPolicy policy, ExportType type, Set<String> scopes) {
    if (!policy.allowedTypes().contains(type)) {
      return Optional.of(
          new PolicyViolation(
              PolicyViolation.DENIED,
              "type",
              "export type '" + type.wire() + "' is not allowed for this tenant"));
    }
    if (policy.restrictedTypes().contains(type) && !scopes.contains(ADMIN_SCOPE)) {
      return Optional.of(
          new PolicyViolation(
              PolicyViolation.DENIED,
              "type",
              "export type '" + type.wire() + "' is restricted and needs scope " + ADMIN_SCOPE));
    }
    return Optional.empty();
  }

  public List<PolicyViolation> evaluate(ExportRequest request) {
    return evaluate(policyFor(request.tenant()), request);
  }

  /** {@link #evaluate(ExportRequest)} against the tenant's policy, read once by the caller. */
  public static List<PolicyViolation> evaluate(ExportPolicy policy, ExportRequest request) {
    List<PolicyViolation> violations = new ArrayList<>();
    ExportType type = request.type();
    checkType(policy, type, request.callerScopes()).ifPresent(violations::add);
    checkFormat(policy, type, request.format()).ifPresent(violations::add);
    RangeRules.check(type, request.range(), policy, violations);
    checkRetention(policy, request.retention()).ifPresent(violations::add);
    return violations;
  }

  /** A format the type does not have is invalid; one the tenant may not use is denied. */
  private static Optional<PolicyViolation> checkFormat(
      ExportPolicy policy, ExportType type, ExportFormat format) {
    if (format == null || !type.supports(format)) {
      return Optional.of(
          new PolicyViolation(
              PolicyViolation.INVALID,
              "format",
              "format '"
                  + (format == null ? "" : format.wire())
                  + "' is not available for type '"
                  + type.wire()
                  + "'"));
    }
    if (!policy.formatsFor(type).contains(format)) {
      return Optional.of(
          new PolicyViolation(
              PolicyViolation.DENIED,
              "format",
              "format '"
                  + format.wire()
                  + "' of type '"
                  + type.wire()
                  + "' is not allowed for this tenant"));
    }
    return Optional.empty();
  }

  /**
   * A retention for a job of this tenant: malformed is invalid, outside the policy's min..max is
   * out of bounds. Empty when it is fine. Used for new jobs and for {@code PATCH} of a job's
   * retention.
   */
  public Optional<PolicyViolation> checkRetention(String tenant, String retention) {
    return checkRetention(policyFor(tenant), retention);
  }

  private static Optional<PolicyViolation> checkRetention(ExportPolicy policy, String value) {
    Optional<Duration> retention = Retention.parse(value);
    if (retention.isEmpty()) {
      return Optional.of(
          new PolicyViolation(
              PolicyViolation.INVALID,
              "retention",
              "must be a positive ISO 8601 duration such as P30D or PT12H"));
    }
    if (retention.get().compareTo(policy.retentionMin()) < 0
        || retention.get().compareTo(policy.retentionMax()) > 0) {
      return Optional.of(
          new PolicyViolation(
              PolicyViolation.OUT_OF_BOUNDS,
              "retention",
              "must be between "
                  + Retention.format(policy.retentionMin())
                  + " and "
                  + Retention.format(policy.retentionMax())
                  + " for this tenant"));
    }
    return Optional.empty();
  }
}
