package io.exportjobs.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {

  @TempDir Path dir;

  private static final PolicyProperties CONFIGURED =
      new PolicyProperties(
          new ExportPolicy(null, null, null, null, null, 3, null, null, null, null),
          Map.of(
              "acme",
              new ExportPolicy(
                  null, null, null, Duration.ofDays(7), null, null, 50, null, null, null)));

  /** Writes the file and moves its mtime on, as an edit a second later would. */
  private Path write(Path file, String content, int secondsLater) throws IOException {
    Files.writeString(file, content);
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(secondsLater)));
    return file;
  }

  @Test
  void yamlFileIsLayeredOverTheConfiguredPolicyAndReloadedWhenItChanges() throws IOException {
    Path file = dir.resolve("policy.yaml");
    PolicyEvaluator evaluator = new PolicyEvaluator(CONFIGURED, new PolicyFile(file));

    // no file yet: the configured policy
    assertThat(evaluator.policyFor("demo").maxActiveJobs()).isEqualTo(3);
    assertThat(evaluator.policyFor("acme").maxJobsPerHour()).isEqualTo(50);

    write(
        file,
        """
        defaults:
          max-jobs-per-hour: 10
          restricted-types: [snapshot, evidence_pack]
        tenants:
          acme:
            max-range-span: P1D
            allowed-formats:
              ledger: [csv, json]
              audit_report: [html]
          demo:
            retention-max: P90D
        """,
        1);
    ExportPolicy demo = evaluator.policyFor("demo");
    assertThat(demo.maxJobsPerHour()).isEqualTo(10);
    assertThat(demo.maxActiveJobs()).isEqualTo(3); // configured, untouched by the file
    assertThat(demo.retentionMax()).isEqualTo(Duration.ofDays(90));
    assertThat(demo.restrictedTypes())
        .containsExactlyInAnyOrder(ExportType.SNAPSHOT, ExportType.EVIDENCE_PACK);
    ExportPolicy acme = evaluator.policyFor("acme");
    assertThat(acme.maxRangeSpan()).isEqualTo(Duration.ofDays(1));
    // the configured tenant override is more specific than the file's defaults
    assertThat(acme.maxJobsPerHour()).isEqualTo(50);
    assertThat(acme.formatsFor(ExportType.LEDGER))
        .containsExactlyInAnyOrder(ExportFormat.CSV, ExportFormat.JSON);
    assertThat(acme.formatsFor(ExportType.AUDIT_REPORT)).containsExactly(ExportFormat.HTML);
    assertThat(acme.formatsFor(ExportType.EVIDENCE_PACK))
        .containsExactlyInAnyOrder(ExportFormat.TAR_GZ, ExportFormat.ZIP);

    // an edit is seen at the next evaluation
    write(file, "tenants:\n  demo:\n    max-active-jobs: 1\n", 2);
    assertThat(evaluator.policyFor("demo").maxActiveJobs()).isEqualTo(1);
    assertThat(evaluator.policyFor("demo").maxJobsPerHour()).isEqualTo(120);

    // removing the file removes its layer
    Files.delete(file);
    assertThat(evaluator.policyFor("demo").maxActiveJobs()).isEqualTo(3);
  }

  @Test
  void jsonWorksToo() throws IOException {
    Path file =
        write(
            dir.resolve("policy.json"),
            """
            {"defaults": {"allowedTypes": ["ledger"], "retentionDefault": "P7D"},
             "tenants": {"demo": {"maxJobsPerHour": 3}}}
            """,
            1);
    PolicyEvaluator evaluator =
        new PolicyEvaluator(new PolicyProperties(null, null), new PolicyFile(file));
    ExportPolicy demo = evaluator.policyFor("demo");
    assertThat(demo.allowedTypes()).containsExactly(ExportType.LEDGER);
    assertThat(demo.retentionDefault()).isEqualTo(Duration.ofDays(7));
    assertThat(demo.maxJobsPerHour()).isEqualTo(3);
  }

  @Test
  void theSameShapeNestedUnderExportjobsPolicyIsAccepted() throws IOException {
    Path file =
        write(
            dir.resolve("application-like.yaml"),
            "exportjobs:\n  policy:\n    tenants:\n      demo:\n        max-active-jobs: 2\n",
            1);
    assertThat(
            new PolicyEvaluator(CONFIGURED, new PolicyFile(file)).policyFor("demo").maxActiveJobs())
        .isEqualTo(2);
  }

  @Test
  void aMalformedFileKeepsTheLastGoodPolicy() throws IOException {
    Path file = write(dir.resolve("policy.yaml"), "defaults:\n  max-jobs-per-hour: 7\n", 1);
    PolicyEvaluator evaluator = new PolicyEvaluator(CONFIGURED, new PolicyFile(file));
    assertThat(evaluator.policyFor("demo").maxJobsPerHour()).isEqualTo(7);

    String[] broken = {
      "defaults: [unclosed\n",
      "defaults:\n  max-jobs-per-hour: many\n",
      "defaults:\n  allowed-types: [spreadsheet]\n",
      "defaults:\n  max-jobs-per-houre: 3\n", // a typo is not silently ignored
      "defaults:\n  max-active-jobs: 0\n",
      "defaults:\n  retention-min: P10D\n  retention-max: P5D\n",
      "defaults:\n  allowed-formats:\n    ledger: [zip]\n",
      "defaults:\n  retention-default: -P1D\n",
    };
    int second = 2;
    for (String content : broken) {
      write(file, content, second++);
      assertThat(evaluator.policyFor("demo").maxJobsPerHour()).as(content).isEqualTo(7);
      assertThatThrownBy(() -> PolicyFile.read(file)).as(content).isInstanceOf(Exception.class);
    }
    // fixed again: applied
    write(file, "defaults:\n  max-jobs-per-hour: 9\n", second);
    assertThat(evaluator.policyFor("demo").maxJobsPerHour()).isEqualTo(9);
  }

  @Test
  void tenantIdsFollowTheContractInTheFileAndInTheConfiguration() throws IOException {
    // acme_eu is a tenant of its own, never a prefix of acme's names
    Path file =
        write(
            dir.resolve("policy.yaml"),
            "tenants:\n  acme_eu:\n    max-jobs-per-hour: 4\n  acme:\n    max-jobs-per-hour: 5\n",
            1);
    PolicyEvaluator evaluator = new PolicyEvaluator(CONFIGURED, new PolicyFile(file));
    assertThat(evaluator.policyFor("acme_eu").maxJobsPerHour()).isEqualTo(4);
    assertThat(evaluator.policyFor("acme").maxJobsPerHour()).isEqualTo(5);

    // a tenant with '-' (it would collide with acme's names) makes the file invalid
    write(file, "tenants:\n  acme-eu:\n    max-jobs-per-hour: 1\n", 2);
    assertThatThrownBy(() -> PolicyFile.read(file))
        .hasStackTraceContaining("'acme-eu' is not a valid tenant id");
    assertThat(evaluator.policyFor("acme_eu").maxJobsPerHour()).isEqualTo(4); // last good

    for (String bad : new String[] {"acme-eu", "Acme", "_acme", "", "a".repeat(64), "acme eu"}) {
      assertThatThrownBy(
              () ->
                  new PolicyProperties(
                      null,
                      Map.of(
                          bad,
                          new ExportPolicy(
                              null, null, null, null, null, 1, null, null, null, null))))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exportjobs.policy.tenants")
          .hasMessageContaining("is not a valid tenant id");
    }
  }

  @Test
  void anEmptyFileAddsNothing() throws IOException {
    Path file = write(dir.resolve("policy.yaml"), "", 1);
    PolicyEvaluator evaluator = new PolicyEvaluator(CONFIGURED, new PolicyFile(file));
    assertThat(evaluator.policyFor("demo").maxActiveJobs()).isEqualTo(3);
    assertThat(evaluator.policyFor("demo").formatsFor(ExportType.LEDGER))
        .isEqualTo(Set.copyOf(ExportType.LEDGER.formats()));
  }
}
