package io.exportjobs.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.PackFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as a user runs it: {@code java -jar target/exportjobs-verify.jar}. */
class VerifyPackJarIT {

  @TempDir Path dir;

  private record Result(int exit, String output) {}

  private Result javaJar(String... args) throws Exception {
    Path jar = Path.of("target", "exportjobs-verify.jar");
    assertThat(jar).as("the shaded jar is built in the package phase").exists();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  @Test
  void theJarVerifiesAPackAndExitsWithTheDocumentedCodes() throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, PackFormat.TAR_GZ);

    Result valid = javaJar(pack.archive().toString(), "--key", pack.publicKeyPem().toString());
    assertThat(valid.exit()).as(valid.output()).isZero();
    assertThat(valid.output()).contains("OK    signature", "VALID");

    byte[] bytes = Files.readAllBytes(pack.archive());
    bytes[bytes.length / 2] ^= 0x01;
    Path broken = Files.write(dir.resolve("broken.tar.gz"), bytes);
    Result invalid = javaJar(broken.toString(), "--key", pack.publicKeyPem().toString());
    assertThat(invalid.exit()).as(invalid.output()).isEqualTo(1);
    assertThat(invalid.output()).contains("broken.tar.gz", "INVALID");

    Result usage = javaJar();
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.output()).contains("usage:");
  }

  @Test
  void theJarCanRotateAndListSigningKeys() throws Exception {
    Path keys = dir.resolve("keys");

    Result first =
        javaClass("io.exportjobs.verifier.SigningKeysCommand", "rotate", keys.toString());
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).startsWith("active key: ");
    String firstId = first.output().trim().substring("active key: ".length());
    Result second =
        javaClass("io.exportjobs.verifier.SigningKeysCommand", "rotate", keys.toString());
    String secondId = second.output().trim().substring("active key: ".length());

    Result list = javaClass("io.exportjobs.verifier.SigningKeysCommand", "list", keys.toString());
    assertThat(list.exit()).as(list.output()).isZero();
    assertThat(list.output().lines()).containsExactly("* " + secondId, "  " + firstId);
  }

  private Result javaClass(String mainClass, String... args) throws Exception {
    Path jar = Path.of("target", "exportjobs-verify.jar");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar.toString(),
                mainClass));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
