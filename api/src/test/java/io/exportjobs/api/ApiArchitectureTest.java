package io.exportjobs.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The api and the worker depend on shared, never on each other. */
class ApiArchitectureTest {

  private static JavaClasses api;

  @BeforeAll
  static void importApi() {
    api =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.exportjobs.api");
  }

  @Test
  void importedTheMainClasses() {
    assertThat(api.contain("io.exportjobs.api.ApiApplication")).isTrue();
    assertThat(api.contain("io.exportjobs.api.export.ExportService")).isTrue();
  }

  @Test
  void apiDoesNotDependOnTheWorker() {
    noClasses()
        .that()
        .resideInAPackage("io.exportjobs.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.exportjobs.worker..")
        .check(api);
  }

  @Test
  void apiHoldsNoJdbcOfItsOwn() {
    // job state goes through the job store, tenant counters through TenantLocks (both in shared):
    // with no JDBC the api cannot write export_jobs, or any table, behind their backs
    noClasses()
        .that()
        .resideInAPackage("io.exportjobs.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..")
        .check(api);
  }
}
