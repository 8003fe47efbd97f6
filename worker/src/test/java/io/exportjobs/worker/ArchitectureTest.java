package io.exportjobs.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.exportjobs.shared.export.JobStoreRules;
import io.exportjobs.worker.export.DeterminismViolations;
import io.temporal.workflow.Workflow;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of the architecture, and the determinism that workflow code needs: a
 * workflow replays its history, so it may read time, randomness and ids only through {@link
 * Workflow}.
 */
class ArchitectureTest {

  static final String WORKER = "io.exportjobs.worker..";
  static final String WORKFLOWS = "io.exportjobs.worker.export..";

  /** Workflow code of the webhooks: the delivery workflow and the export workflow's hook. */
  static final String WEBHOOK_WORKFLOWS = "io.exportjobs.worker.webhook.workflow..";

  static final ArchRule NO_API_DEPENDENCY =
      noClasses()
          .that()
          .resideInAPackage(WORKER)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.exportjobs.api..")
          .because("api and worker share only the shared module");

  static final ArchRule NO_NONDETERMINISTIC_DEPENDENCIES =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOWS, WEBHOOK_WORKFLOWS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework..")
          .orShould()
          .dependOnClassesThat()
          .belongToAnyOf(Clock.class, UUID.class, Thread.class, Random.class)
          .because("workflow code must replay deterministically");

  static final ArchRule NO_WALL_CLOCK_CALLS =
      noClasses()
          .that()
          .resideInAnyPackage(WORKFLOWS, WEBHOOK_WORKFLOWS)
          .should()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .orShould()
          .callMethod(OffsetDateTime.class, "now")
          .orShould()
          .callMethod(Math.class, "random")
          .because("Workflow.currentTimeMillis() is the only clock that replays");

  static JavaClasses workerClasses;

  @BeforeAll
  static void importMainClasses() {
    workerClasses =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.exportjobs.worker");
  }

  @Test
  void workerDoesNotDependOnTheApi() {
    NO_API_DEPENDENCY.check(workerClasses);
  }

  @Test
  void workflowCodeUsesNoDatabaseSpringWallClockRandomIdsOrThreads() {
    NO_NONDETERMINISTIC_DEPENDENCIES.check(workerClasses);
  }

  @Test
  void workflowCodeReadsTimeOnlyThroughTheWorkflow() {
    NO_WALL_CLOCK_CALLS.check(workerClasses);
  }

  @Test
  void theWorkflowImplementationLivesInTheCheckedPackage() {
    // keeps the rules above from passing vacuously after a move or a rename
    ArchRule rule =
        classes()
            .that()
            .haveSimpleNameEndingWith("WorkflowImpl")
            .should()
            .resideInAnyPackage(WORKFLOWS, WEBHOOK_WORKFLOWS);
    rule.check(workerClasses);
    assertThat(workerClasses.contain("io.exportjobs.worker.export.ExportWorkflowImpl")).isTrue();
  }

  @Test
  void determinismRulesCatchAViolation() {
    JavaClasses violations = new ClassFileImporter().importClasses(DeterminismViolations.class);
    assertThat(NO_NONDETERMINISTIC_DEPENDENCIES.evaluate(violations).hasViolation()).isTrue();
    assertThat(NO_WALL_CLOCK_CALLS.evaluate(violations).hasViolation()).isTrue();
  }

  @Test
  void onlyTheJobStoreWritesExportJobs() {
    // the worker's own SQL (the ledger's COPY) never writes the job table; job state goes
    // through the job store in shared, and the worker holds no Spring JDBC to go around it
    JobStoreRules.ONLY_THE_JOB_STORE_WRITES_EXPORT_JOBS.check(workerClasses);
    noClasses()
        .that()
        .resideInAPackage("io.exportjobs.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework.jdbc..")
        .check(workerClasses);
  }
}
