package io.exportjobs.shared;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import io.exportjobs.shared.export.JobStateWriteViolation;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.JobStoreRules;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code shared} holds what both processes need and nothing that starts anything. */
class SharedArchitectureTest {

  private static JavaClasses shared;

  @BeforeAll
  static void importShared() {
    shared =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.exportjobs.shared");
  }

  @Test
  void importedTheMainClasses() {
    Assertions.assertThat(shared.contain("io.exportjobs.shared.ledger.LedgerStore")).isTrue();
    Assertions.assertThat(shared.contain("io.exportjobs.shared.export.JobStore")).isTrue();
  }

  @Test
  void sharedDependsOnNoWebNoWorkerWiringAndNoApplication() {
    noClasses()
        .that()
        .resideInAPackage("io.exportjobs.shared..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework.web..",
            "jakarta.servlet..",
            "io.temporal.worker..",
            "io.exportjobs.api..",
            "io.exportjobs.worker..")
        .check(shared);
  }

  @Test
  void onlyTheJobStoreWritesExportJobs() {
    JobStoreRules.ONLY_THE_JOB_STORE_WRITES_EXPORT_JOBS.check(shared);
    // the scan sees the store's own writes, so the rule above does not pass for want of reading
    JavaClass store = shared.get(JobStore.class);
    Assertions.assertThat(JobStoreRules.writesOfExportJobs(store))
        .anyMatch(sql -> sql.startsWith("INSERT INTO export_jobs"))
        .anyMatch(sql -> sql.startsWith("UPDATE export_jobs SET status = ?"))
        .anyMatch(sql -> sql.startsWith("DELETE FROM export_jobs"));
  }

  @Test
  void theJobStoreRuleCatchesAWrite() {
    JavaClasses violation = new ClassFileImporter().importClasses(JobStateWriteViolation.class);
    EvaluationResult result =
        JobStoreRules.ONLY_THE_JOB_STORE_WRITES_EXPORT_JOBS.evaluate(violation);
    Assertions.assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("UPDATE export_jobs SET status = 'failed'"))
        .anyMatch(d -> d.contains("DELETE FROM export_jobs WHERE id = '"));
  }

  @Test
  void onlyTheStoresOfSharedTalkToTheDatabase() {
    // the tenant lock table, like the job table, has one owner: TenantLocks
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.exportjobs.shared.export",
            "io.exportjobs.shared.tenant",
            "io.exportjobs.shared.admission",
            "io.exportjobs.shared.ledger",
            "io.exportjobs.shared.webhook",
            "io.exportjobs.shared.config")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework.jdbc..")
        .check(shared);
  }
}
