package io.exportjobs.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

  private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  private static final Set<String> WRITER = Set.of("exports:read", "exports:write");
  private static final Set<String> ADMIN = Set.of("exports:read", "exports:write", "exports:admin");

  private final PolicyEvaluator defaults = new PolicyEvaluator(new PolicyProperties(null, null));

  private static ExportRequest request(
      String tenant,
      ExportType type,
      ExportFormat format,
      Instant from,
      Instant to,
      String retention,
      Set<String> scopes) {
    return ExportRequest.builder()
        .jobId("exp-" + tenant + "-1")
        .tenant(tenant)
        .type(type)
        .format(format)
        .range(new TimeRange(from, to))
        .labels(Map.of())
        .retention(retention)
        .target("default")
        .createdAt(TO)
        .requestedBy("someone")
        .callerScopes(scopes)
        .build();
  }

  private static ExportRequest ledger(Duration span, String retention) {
    return request(
        "demo", ExportType.LEDGER, ExportFormat.NDJSON, TO.minus(span), TO, retention, WRITER);
  }

  private static List<String> fields(List<PolicyViolation> violations) {
    return violations.stream().map(PolicyViolation::field).toList();
  }

  @Test
  void builtInDefaultsAreTheContractsDefaults() {
    ExportPolicy p = defaults.policyFor("demo");
    assertThat(p.allowedTypes()).isEqualTo(EnumSet.allOf(ExportType.class));
    assertThat(p.restrictedTypes()).containsExactly(ExportType.SNAPSHOT);
    assertThat(p.maxRangeSpan()).isEqualTo(Duration.parse("P366D"));
    assertThat(p.maxEntriesPerExport()).isEqualTo(10_000_000L);
    assertThat(p.maxActiveJobs()).isEqualTo(4);
    assertThat(p.maxJobsPerHour()).isEqualTo(120);
    assertThat(p.retentionDefault()).isEqualTo(Duration.parse("P30D"));
    assertThat(p.retentionMin()).isEqualTo(Duration.parse("PT1M"));
    assertThat(p.retentionMax()).isEqualTo(Duration.parse("P365D"));
  }

  @Test
  void aValidRequestHasNoViolations() {
    assertThat(defaults.evaluate(ledger(Duration.ofDays(31), "P30D"))).isEmpty();
    assertThat(defaults.evaluate(ledger(Duration.ofDays(366), "PT1M"))).isEmpty();
    assertThat(defaults.evaluate(ledger(Duration.ofMillis(1), "P365D"))).isEmpty();
  }

  @Test
  void tenantOverrideInheritsTheRest() {
    ExportPolicy configuredDefaults =
        new ExportPolicy(null, null, null, null, null, 2, null, Duration.ofDays(7), null, null);
    ExportPolicy acme =
        new ExportPolicy(
            EnumSet.of(ExportType.LEDGER, ExportType.SNAPSHOT),
            EnumSet.noneOf(ExportType.class),
            null,
            Duration.ofDays(7),
            null,
            null,
            10,
            null,
            null,
            Duration.ofDays(90));
    PolicyEvaluator evaluator =
        new PolicyEvaluator(new PolicyProperties(configuredDefaults, Map.of("acme", acme)));

    ExportPolicy p = evaluator.policyFor("acme");
    assertThat(p.allowedTypes()).containsExactlyInAnyOrder(ExportType.LEDGER, ExportType.SNAPSHOT);
    assertThat(p.restrictedTypes()).isEmpty();
    assertThat(p.maxRangeSpan()).isEqualTo(Duration.ofDays(7));
    assertThat(p.maxJobsPerHour()).isEqualTo(10);
    assertThat(p.retentionMax()).isEqualTo(Duration.ofDays(90));
    // inherited from the configured defaults
    assertThat(p.maxActiveJobs()).isEqualTo(2);
    assertThat(p.retentionDefault()).isEqualTo(Duration.ofDays(7));
    // inherited from the built-in defaults
    assertThat(p.maxEntriesPerExport()).isEqualTo(10_000_000L);
    assertThat(p.retentionMin()).isEqualTo(Duration.ofMinutes(1));

    // other tenants get the configured defaults over the built-in ones
    ExportPolicy demo = evaluator.policyFor("demo");
    assertThat(demo.maxActiveJobs()).isEqualTo(2);
    assertThat(demo.maxRangeSpan()).isEqualTo(Duration.ofDays(366));
    assertThat(demo.restrictedTypes()).containsExactly(ExportType.SNAPSHOT);

    // and the evaluator applies the override
    ExportRequest eightDays =
        request(
            "acme",
            ExportType.LEDGER,
            ExportFormat.NDJSON,
            TO.minus(Duration.ofDays(8)),
            TO,
            "P30D",
            WRITER);
    assertThat(evaluator.evaluate(eightDays))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(PolicyViolation.OUT_OF_BOUNDS);
              assertThat(v.field()).isEqualTo("range");
            });
    ExportRequest audit =
        request(
            "acme",
            ExportType.AUDIT_REPORT,
            ExportFormat.HTML,
            TO.minus(Duration.ofDays(1)),
            TO,
            "P30D",
            ADMIN);
    assertThat(evaluator.evaluate(audit))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(PolicyViolation.DENIED);
              assertThat(v.field()).isEqualTo("type");
            });
    // snapshot is not restricted for acme: a writer may request it
    ExportRequest snapshot =
        request("acme", ExportType.SNAPSHOT, ExportFormat.TAR_GZ, null, TO, "P30D", WRITER);
    assertThat(evaluator.evaluate(snapshot)).isEmpty();
    ExportRequest longRetention =
        request(
            "acme",
            ExportType.LEDGER,
            ExportFormat.NDJSON,
            TO.minus(Duration.ofDays(1)),
            TO,
            "P91D",
            WRITER);
    assertThat(fields(evaluator.evaluate(longRetention))).containsExactly("retention");
  }

  @Test
  void restrictedSnapshotNeedsAdmin() {
    ExportRequest byWriter =
        request("demo", ExportType.SNAPSHOT, ExportFormat.TAR_GZ, null, TO, "P30D", WRITER);
    assertThat(defaults.evaluate(byWriter))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("policy_denied");
              assertThat(v.field()).isEqualTo("type");
              assertThat(v.message()).contains("exports:admin");
            });
    ExportRequest byAdmin =
        request("demo", ExportType.SNAPSHOT, ExportFormat.TAR_GZ, null, TO, "P30D", ADMIN);
    assertThat(defaults.evaluate(byAdmin)).isEmpty();
  }

  @Test
  void snapshotMustNotHaveFrom() {
    ExportRequest r =
        request(
            "demo",
            ExportType.SNAPSHOT,
            ExportFormat.TAR_GZ,
            TO.minusSeconds(60),
            TO,
            "P30D",
            ADMIN);
    assertThat(defaults.evaluate(r))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("validation_failed");
              assertThat(v.field()).isEqualTo("range.from");
            });
  }

  @Test
  void rangeFromNotBeforeToIsInvalid() {
    for (Instant from : List.of(TO, TO.plusSeconds(1))) {
      ExportRequest r =
          request("demo", ExportType.LEDGER, ExportFormat.NDJSON, from, TO, "P30D", WRITER);
      assertThat(defaults.evaluate(r))
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.code()).isEqualTo("validation_failed");
                assertThat(v.isDenial()).isFalse();
                assertThat(v.field()).isEqualTo("range");
              });
    }
  }

  @Test
  void missingBoundsAreInvalid() {
    assertThat(
            fields(
                defaults.evaluate(
                    request(
                        "demo", ExportType.LEDGER, ExportFormat.NDJSON, TO, null, "P30D", WRITER))))
        .containsExactly("range.to");
    assertThat(
            fields(
                defaults.evaluate(
                    request(
                        "demo", ExportType.LEDGER, ExportFormat.NDJSON, null, TO, "P30D", WRITER))))
        .containsExactly("range.from");
  }

  @Test
  void spanOverMaxIsOutOfBounds() {
    assertThat(defaults.evaluate(ledger(Duration.ofDays(366), "P30D"))).isEmpty();
    assertThat(defaults.evaluate(ledger(Duration.ofDays(366).plusMillis(1), "P30D")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("out_of_bounds");
              assertThat(v.isOutOfBounds()).isTrue();
              assertThat(v.isDenial()).isTrue();
              assertThat(v.field()).isEqualTo("range");
            });
  }

  @Test
  void retentionOutsideBoundsIsOutOfBoundsAndMalformedIsInvalid() {
    for (String outside : List.of("PT59S", "P366D", "P400D")) {
      assertThat(defaults.evaluate(ledger(Duration.ofDays(1), outside)))
          .as("retention %s", outside)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.code()).isEqualTo("out_of_bounds");
                assertThat(v.field()).isEqualTo("retention");
              });
    }
    for (String bad : List.of("P0D", "-P1D", "P1M", "30 days", "", "P" + "9".repeat(50) + "D")) {
      assertThat(defaults.evaluate(ledger(Duration.ofDays(1), bad)))
          .as("retention %s", bad)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.code()).isEqualTo("validation_failed");
                assertThat(v.field()).isEqualTo("retention");
              });
    }
    for (String good : List.of("PT1M", "P365D", "PT12H", "P30D")) {
      assertThat(defaults.evaluate(ledger(Duration.ofDays(1), good)))
          .as("retention %s", good)
          .isEmpty();
    }
  }

  @Test
  void formatMustSuitTheType() {
    ExportRequest r =
        request(
            "demo", ExportType.LEDGER, ExportFormat.ZIP, TO.minusSeconds(60), TO, "P30D", WRITER);
    assertThat(fields(defaults.evaluate(r))).containsExactly("format");
  }

  @Test
  void allowedFormatsDefaultToAllFormatsOfEachType() {
    ExportPolicy p = defaults.policyFor("demo");
    for (ExportType type : ExportType.values()) {
      assertThat(p.formatsFor(type)).containsExactlyInAnyOrderElementsOf(type.formats());
      assertThat(p.defaultFormatFor(type)).isEqualTo(type.defaultFormat());
    }
  }

  @Test
  void aFormatTheTenantMayNotUseIsDenied() {
    ExportPolicy acme =
        new ExportPolicy(
            null,
            null,
            Map.of(ExportType.LEDGER, Set.of(ExportFormat.CSV)),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    PolicyEvaluator evaluator =
        new PolicyEvaluator(new PolicyProperties(null, Map.of("acme", acme)));
    ExportRequest ndjson =
        request(
            "acme",
            ExportType.LEDGER,
            ExportFormat.NDJSON,
            TO.minusSeconds(60),
            TO,
            "P30D",
            WRITER);
    assertThat(evaluator.evaluate(ndjson))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("policy_denied");
              assertThat(v.field()).isEqualTo("format");
            });
    ExportRequest csv =
        request(
            "acme", ExportType.LEDGER, ExportFormat.CSV, TO.minusSeconds(60), TO, "P30D", WRITER);
    assertThat(evaluator.evaluate(csv)).isEmpty();
    // the other types keep all their formats, and the default follows what is allowed
    ExportPolicy p = evaluator.policyFor("acme");
    assertThat(p.formatsFor(ExportType.AUDIT_REPORT))
        .containsExactlyInAnyOrder(ExportFormat.HTML, ExportFormat.JSON, ExportFormat.CSV);
    assertThat(p.defaultFormatFor(ExportType.LEDGER)).isEqualTo(ExportFormat.CSV);
    // demo is untouched
    assertThat(evaluator.evaluate(ledger(Duration.ofDays(1), "P30D"))).isEmpty();
  }

  @Test
  void checkTypeAnswersTheTypeLevelDecisionAlone() {
    assertThat(defaults.checkType("demo", ExportType.SNAPSHOT, WRITER))
        .hasValueSatisfying(v -> assertThat(v.code()).isEqualTo("policy_denied"));
    assertThat(defaults.checkType("demo", ExportType.SNAPSHOT, ADMIN)).isEmpty();
    assertThat(defaults.checkType("demo", ExportType.LEDGER, WRITER)).isEmpty();
  }
}
