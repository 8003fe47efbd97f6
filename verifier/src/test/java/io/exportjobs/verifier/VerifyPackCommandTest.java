package io.exportjobs.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.PackFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VerifyPackCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return VerifyPackCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void aValidPackExitsZeroAndPrintsEachCheck(PackFormat format) throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, format);

    assertThat(run(pack.archive().toString(), "--key", pack.publicKeyPem().toString())).isZero();
    assertThat(out())
        .contains(
            "OK    archive",
            "OK    SHA256SUMS",
            "OK    signature   ed25519, key " + pack.keyId(),
            "OK    hash chain  5 hashes recomputed, 4 links checked",
            "VALID")
        .doesNotContain("FAIL");
  }

  @Test
  void aTamperedPackExitsOneAndNamesTheFile() throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, PackFormat.TAR_GZ);
    byte[] bytes = Files.readAllBytes(pack.archive());
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(pack.archive(), bytes);

    assertThat(run(pack.archive().toString(), "--key=" + pack.publicKeyPem())).isEqualTo(1);
    assertThat(out())
        .contains("FAIL  archive", "pack.tar.gz: cannot be read as an archive", "INVALID");
  }

  @Test
  void withoutTheSigningKeyThePackIsNotValid() throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, PackFormat.ZIP);

    assertThat(run(pack.archive().toString())).isEqualTo(1);
    assertThat(out())
        .contains(
            "FAIL  signature", "not among the public keys given", "no --key given", "INVALID");
  }

  @Test
  void jsonOutputCarriesTheVerification() throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, PackFormat.TAR_GZ);

    assertThat(run(pack.archive().toString(), "--key", pack.publicKeyPem().toString(), "--json"))
        .isZero();
    assertThat(out())
        .startsWith("{\"valid\":true,\"sha256\":\"")
        .contains(
            "\"entryCount\":5",
            "\"signature\":{\"keyId\":\""
                + pack.keyId()
                + "\",\"algorithm\":\"ed25519\",\"valid\":true}");
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, PackFormat.TAR_GZ);
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

    assertThat(run()).isEqualTo(2);
    assertThat(run("--frobnicate", pack.archive().toString())).isEqualTo(2);
    assertThat(run(dir.resolve("missing.tar.gz").toString())).isEqualTo(2);
    assertThat(run(pack.archive().toString(), "--key")).isEqualTo(2);
    assertThat(run(pack.archive().toString(), "--key", notPem.toString())).isEqualTo(2);
    assertThat(run(pack.archive().toString(), "--key", dir.resolve("nope.pem").toString()))
        .isEqualTo(2);
    assertThat(run(pack.archive().toString(), pack.archive().toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("usage: java -jar exportjobs-verify.jar PACK");
  }
}
