package io.exportjobs.shared;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
    Assertions.assertThat(shared.contain("io.exportjobs.shared.export.JobIndex")).isTrue();
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
}
