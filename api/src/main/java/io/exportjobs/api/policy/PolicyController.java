package io.exportjobs.api.policy;

import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.api.web.Page;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.policy.ExportPolicy;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.Retention;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the caller's tenant may export: its effective policy and the export types. */
@RestController
@OpenToOperators
@RequestMapping("/api/v1")
@Tag(name = "policy", description = "The caller's export policy and the export types")
class PolicyController {

  private final PolicyEvaluator policies;

  PolicyController(PolicyEvaluator policies) {
    this.policies = policies;
  }

  /**
   * The policy in force for the caller's tenant now (configuration and policy file merged), with
   * the field names of {@code exportjobs.policy}. Durations are ISO 8601.
   */
  @Schema(name = "ExportPolicy")
  record PolicyView(
      String tenant,
      List<String> allowedTypes,
      List<String> restrictedTypes,
      Map<String, List<String>> allowedFormats,
      String maxRangeSpan,
      long maxEntriesPerExport,
      int maxActiveJobs,
      int maxJobsPerHour,
      String retentionDefault,
      String retentionMin,
      String retentionMax) {}

  /**
   * One export type: its formats (the contract's, first is the default), the ones the tenant may
   * use and the default a request without {@code format} gets; whether the tenant may use it at
   * all, and whether it is restricted (needs {@code exports:admin}).
   */
  @Schema(name = "ExportTypeInfo")
  record TypeView(
      String type,
      List<String> formats,
      String defaultFormat,
      List<String> allowedFormats,
      boolean allowed,
      boolean restricted) {}

  @GetMapping("/export-policy")
  @Operation(operationId = "getExportPolicy", summary = "The caller's effective export policy")
  PolicyView policy(Caller caller) {
    caller.require(Scope.EXPORTS_READ);
    ExportPolicy p = policies.policyFor(caller.tenant());
    Map<String, List<String>> formats = new LinkedHashMap<>();
    for (ExportType type : ExportType.values()) {
      formats.put(type.wire(), formatsInContractOrder(type, p.formatsFor(type)));
    }
    return new PolicyView(
        caller.tenant(),
        typesInOrder(p.allowedTypes()),
        typesInOrder(p.restrictedTypes()),
        formats,
        Retention.format(p.maxRangeSpan()),
        p.maxEntriesPerExport(),
        p.maxActiveJobs(),
        p.maxJobsPerHour(),
        Retention.format(p.retentionDefault()),
        Retention.format(p.retentionMin()),
        Retention.format(p.retentionMax()));
  }

  @GetMapping("/export-types")
  @Operation(
      operationId = "listExportTypes",
      summary = "Export types: formats, default format, restricted flag")
  Page<TypeView> types(Caller caller) {
    caller.require(Scope.EXPORTS_READ);
    ExportPolicy p = policies.policyFor(caller.tenant());
    List<TypeView> types =
        Arrays.stream(ExportType.values())
            .map(
                type ->
                    new TypeView(
                        type.wire(),
                        type.formats().stream().map(ExportFormat::wire).toList(),
                        p.defaultFormatFor(type).wire(),
                        formatsInContractOrder(type, p.formatsFor(type)),
                        p.allowedTypes().contains(type),
                        p.restrictedTypes().contains(type)))
            .toList();
    return new Page<>(types, null);
  }

  private static List<String> typesInOrder(Collection<ExportType> types) {
    return Arrays.stream(ExportType.values())
        .filter(types::contains)
        .map(ExportType::wire)
        .toList();
  }

  private static List<String> formatsInContractOrder(
      ExportType type, Collection<ExportFormat> allowed) {
    return type.formats().stream().filter(allowed::contains).map(ExportFormat::wire).toList();
  }
}
