package io.exportjobs.pack.tlog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The tree, proofs and notes are plain JDK code, so the offline verifier can carry them. */
class TlogArchitectureTest {

  @Test
  void tlogDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("io.exportjobs.pack.tlog..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.exportjobs.pack.tlog..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.exportjobs.pack.tlog"));
  }
}
