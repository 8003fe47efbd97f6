package io.exportjobs.shared.policy;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's effective export policy. In configuration every field is optional: a tenant's override
 * inherits what it leaves out from {@code exportjobs.policy.defaults}, which inherits from {@link
 * #builtIn()}. {@code allowedFormats} is merged per type: an override that names only {@code
 * ledger} keeps the inherited formats of the other types.
 */
public record ExportPolicy(
    Set<ExportType> allowedTypes,
    Set<ExportType> restrictedTypes,
    Map<ExportType, Set<ExportFormat>> allowedFormats,
    Duration maxRangeSpan,
    Long maxEntriesPerExport,
    Integer maxActiveJobs,
    Integer maxJobsPerHour,
    Duration retentionDefault,
    Duration retentionMin,
    Duration retentionMax) {

  /**
   * The defaults of the contract: every type allowed in all of its formats, and restricted when the
   * type says it is by default.
   */
  public static ExportPolicy builtIn() {
    Map<ExportType, Set<ExportFormat>> formats = new EnumMap<>(ExportType.class);
    Set<ExportType> restricted = EnumSet.noneOf(ExportType.class);
    for (ExportType type : ExportType.values()) {
      formats.put(type, Set.copyOf(type.formats()));
      if (type.restrictedByDefault()) {
        restricted.add(type);
      }
    }
    return new ExportPolicy(
        EnumSet.allOf(ExportType.class),
        restricted,
        Map.copyOf(formats),
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
        mergeFormats(allowedFormats, base.allowedFormats),
        maxRangeSpan != null ? maxRangeSpan : base.maxRangeSpan,
        maxEntriesPerExport != null ? maxEntriesPerExport : base.maxEntriesPerExport,
        maxActiveJobs != null ? maxActiveJobs : base.maxActiveJobs,
        maxJobsPerHour != null ? maxJobsPerHour : base.maxJobsPerHour,
        retentionDefault != null ? retentionDefault : base.retentionDefault,
        retentionMin != null ? retentionMin : base.retentionMin,
        retentionMax != null ? retentionMax : base.retentionMax);
  }

  /** The formats this policy allows for {@code type}: all of the type's formats unless limited. */
  public Set<ExportFormat> formatsFor(ExportType type) {
    Set<ExportFormat> allowed = allowedFormats == null ? null : allowedFormats.get(type);
    return allowed == null ? Set.copyOf(type.formats()) : allowed;
  }

  /**
   * The format a request without one gets: the type's default of the contract, or, when the policy
   * does not allow that one, the first allowed format in the contract's order.
   */
  public ExportFormat defaultFormatFor(ExportType type) {
    Set<ExportFormat> allowed = formatsFor(type);
    return type.formats().stream()
        .filter(allowed::contains)
        .findFirst()
        .orElse(type.defaultFormat());
  }

  private static Map<ExportType, Set<ExportFormat>> mergeFormats(
      Map<ExportType, Set<ExportFormat>> over, Map<ExportType, Set<ExportFormat>> base) {
    if (over == null || over.isEmpty()) {
      return base;
    }
    Map<ExportType, Set<ExportFormat>> merged = new EnumMap<>(ExportType.class);
    if (base != null) {
      merged.putAll(base);
    }
    over.forEach(
        (type, formats) -> {
          if (type != null && formats != null) {
            merged.put(type, Set.copyOf(formats));
          }
        });
    return Map.copyOf(merged);
  }
}
