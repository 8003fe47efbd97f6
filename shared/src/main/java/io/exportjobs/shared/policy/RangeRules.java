package io.exportjobs.shared.policy;

import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import java.util.List;

/**
 * What a range must be, and the policy's limits on it. A time range ({@code from}, {@code to},
 * {@code basis}) is limited by the max range span; a seq range ({@code fromSeq}, {@code toSeq}) has
 * no time span, so it is limited by the max entries per export instead: {@code toSeq - fromSeq}
 * when {@code toSeq} is given (the entries it selects are counted again, as for every range, when
 * the job runs). A type that holds the whole ledger (a snapshot) takes {@code to} (recorded before)
 * or a seq range from seq 1.
 */
final class RangeRules {

  private RangeRules() {}

  static void check(
      ExportType type, TimeRange range, ExportPolicy policy, List<PolicyViolation> violations) {
    if (range != null && range.isSeq()) {
      checkSeq(type, range, policy, violations);
      return;
    }
    if (range == null || range.to() == null) {
      violations.add(new PolicyViolation(PolicyViolation.INVALID, "range.to", "is required"));
      return;
    }
    if (range.basis() != null
        && !range.basis().equals(TimeRange.OCCURRED)
        && !range.basis().equals(TimeRange.RECORDED)) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.INVALID, "range.basis", "must be occurred or recorded"));
      return;
    }
    if (type.wholeLedger()) {
      if (range.from() != null) {
        violations.add(
            new PolicyViolation(
                PolicyViolation.INVALID,
                "range.from",
                "must be absent for a snapshot, which holds the whole ledger"));
      }
      if (TimeRange.OCCURRED.equals(range.basis())) {
        violations.add(
            new PolicyViolation(
                PolicyViolation.INVALID,
                "range.basis",
                "a snapshot holds the ledger as recorded before range.to: basis is recorded"));
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
              PolicyViolation.OUT_OF_BOUNDS,
              "range",
              "spans "
                  + Retention.format(range.span())
                  + ", more than the tenant's maximum of "
                  + Retention.format(policy.maxRangeSpan())));
    }
  }

  private static void checkSeq(
      ExportType type, TimeRange range, ExportPolicy policy, List<PolicyViolation> violations) {
    if (range.from() != null || range.to() != null || range.basis() != null) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.INVALID,
              "range",
              "is either {from, to, basis} or {fromSeq, toSeq}, not both"));
      return;
    }
    if (type.wholeLedger()) {
      if (range.fromSeq() != null && range.fromSeq() != 1) {
        violations.add(
            new PolicyViolation(
                PolicyViolation.INVALID,
                "range.fromSeq",
                "must be absent or 1 for a snapshot, which holds the ledger from its start"));
        return;
      }
    } else if (range.fromSeq() == null) {
      violations.add(new PolicyViolation(PolicyViolation.INVALID, "range.fromSeq", "is required"));
      return;
    }
    long from = range.firstSeq();
    if (from < 1) {
      violations.add(
          new PolicyViolation(PolicyViolation.INVALID, "range.fromSeq", "must be at least 1"));
      return;
    }
    if (range.toSeq() == null) {
      return;
    }
    if (range.toSeq() <= from) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.INVALID,
              "range",
              "fromSeq must be less than toSeq (the range is [fromSeq, toSeq))"));
      return;
    }
    Long max = policy.maxEntriesPerExport();
    if (max != null && range.toSeq() - from > max) {
      violations.add(
          new PolicyViolation(
              PolicyViolation.OUT_OF_BOUNDS,
              "range",
              "spans "
                  + (range.toSeq() - from)
                  + " seqs, more than the tenant's maximum of "
                  + max
                  + " entries per export"));
    }
  }
}
