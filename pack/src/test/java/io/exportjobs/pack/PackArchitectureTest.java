package io.exportjobs.pack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pack module is what the offline verifier carries: the JDK, Jackson,
 * java-json-canonicalization and commons-compress, and nothing of the server (no Temporal, no AWS
 * SDK, no Spring, no JDBC), nor the modules that use it.
 */
class PackArchitectureTest {

  private static JavaClasses pack;

  @BeforeAll
  static void importPack() {
    pack =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.exportjobs.pack");
  }

  @Test
  void importedTheMainClasses() {
    assertThat(pack.contain("io.exportjobs.pack.verify.PackVerifier")).isTrue();
    assertThat(pack.contain("io.exportjobs.pack.EvidencePackWriter")).isTrue();
    assertThat(pack.contain("io.exportjobs.pack.tlog.ProofVerifier")).isTrue();
  }

  @Test
  void packUsesNoTemporalNoAwsNoSpringNoJdbc() {
    noClasses()
        .that()
        .resideInAPackage("io.exportjobs.pack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.temporal..",
            "software.amazon..",
            "org.springframework..",
            "java.sql..",
            "javax.sql..",
            "io.exportjobs.shared..",
            "io.exportjobs.api..",
            "io.exportjobs.worker..",
            "io.exportjobs.verifier..")
        .check(pack);
  }

  @Test
  void packDependsOnTheJdkJacksonJcsAndCommonsCompressOnly() {
    classes()
        .that()
        .resideInAPackage("io.exportjobs.pack..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "com.fasterxml.jackson..",
            "org.erdtman.jcs..",
            "org.apache.commons.compress..",
            "io.exportjobs.pack..")
        .check(pack);
  }
}
