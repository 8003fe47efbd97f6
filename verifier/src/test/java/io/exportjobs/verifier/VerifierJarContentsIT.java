package io.exportjobs.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar users download carries what the verifier runs and nothing of the server: no Temporal SDK,
 * no AWS SDK, no Spring. It is the shaded jar of the pack module and its libraries (Jackson,
 * java-json-canonicalization, commons-compress).
 */
class VerifierJarContentsIT {

  private static final List<String> FORBIDDEN =
      List.of("io/temporal/", "software/amazon/", "org/springframework/");

  @Test
  void theJarHoldsNoTemporalAwsOrSpringClass() throws Exception {
    Path jar = Path.of("target", "exportjobs-verify.jar");
    assertThat(jar).as("the shaded jar is built in the package phase").exists();

    List<String> entries;
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
    }
    List<String> classes = entries.stream().filter(n -> n.endsWith(".class")).toList();
    System.out.printf(
        "exportjobs-verify.jar: %,d bytes, %,d entries, %,d classes%n",
        Files.size(jar), entries.size(), classes.size());

    assertThat(classes)
        .as("classes of the server's libraries in the verifier jar")
        .filteredOn(VerifierJarContentsIT::forbidden)
        .isEmpty();
    // what it must hold: the verifier, the pack format and the key command line
    assertThat(classes)
        .contains(
            "io/exportjobs/verifier/VerifyPackCommand.class",
            "io/exportjobs/verifier/SigningKeysCommand.class",
            "io/exportjobs/pack/verify/PackVerifier.class",
            "io/exportjobs/pack/signing/KeysDirectory.class")
        .noneMatch(n -> n.startsWith("io/exportjobs/shared/"));
  }

  /** A class of a forbidden library, also as a multi-release jar's version of one. */
  private static boolean forbidden(String entry) {
    String name = entry.replaceFirst("^META-INF/versions/\\d+/", "");
    return FORBIDDEN.stream().anyMatch(name::startsWith);
  }
}
