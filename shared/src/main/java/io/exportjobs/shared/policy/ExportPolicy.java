package io.exportjobs.shared.policy;

import io.exportjobs.shared.export.ExportType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A tenant's effective export policy. In configuration every field is optional: a tenant's override
 * inherits what it leaves out from {@code exportjobs.policy.defaults}, which inherits from {@link
 * #builtIn()}.
 */
public record ExportPolicy(
    Set<ExportType> allowedTypes,
    Set<ExportType> restrictedTypes,
    Duration maxRangeSpan,
    Long maxEntriesPerExport,
    Integer maxActiveJobs,
    Integer maxJobsPerHour,
    Duration retentionDefault,
    Duration retentionMin,
    Duration retentionMax) {

  /** The defaults of the contract. */
  public static ExportPolicy builtIn() {
    return new ExportPolicy(
        EnumSet.allOf(ExportType.class),
        EnumSet.of(ExportType.SNAPSHOT),
        Duration.ofDays(366),
        10_000_000L,
        4,
        120,
        Duration.ofDays(30),
        Duration.ofMinutes(1),
        Duration.ofDays(365));
  }

  /** This policy with the gaps filled from {@code base}. */
  public ExportPolicy over(ExportPolicy base) {
    return new ExportPolicy(
        allowedTypes != null ? allowedTypes : base.allowedTypes,
        restrictedTypes != null ? restrictedTypes : base.restrictedTypes,
        maxRangeSpan != null ? maxRangeSpan : base.maxRangeSpan,
        maxEntriesPerExport != null ? maxEntriesPerExport : base.maxEntriesPerExport,
        maxActiveJobs != null ? maxActiveJobs : base.maxActiveJobs,
        maxJobsPerHour != null ? maxJobsPerHour : base.maxJobsPerHour,
        retentionDefault != null ? retentionDefault : base.retentionDefault,
        retentionMin != null ? retentionMin : base.retentionMin,
        retentionMax != null ? retentionMax : base.retentionMax);
  }
}
