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

/** {@code --previous PACK_OR_CHECKPOINT}: read from a pack or a note file, and checked. */
class PreviousOptionTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return VerifyPackCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aPreviousThatCannotBeReadIsAUsageError() throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, PackFormat.TAR_GZ);
    assertThat(run(pack.archive().toString(), "--previous")).isEqualTo(VerifyPackCommand.USAGE);
    assertThat(
            run(
                pack.archive().toString(),
                "--key",
                pack.publicKeyPem().toString(),
                "--previous",
                pack.archive().toString()))
        .isEqualTo(VerifyPackCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds no checkpoint");
  }

  @Test
  void aPackWithoutProofCannotFollowAGivenCheckpoint() throws Exception {
    TestPacks.Pack pack = TestPacks.write(dir, PackFormat.ZIP);
    Path note =
        Files.writeString(
            dir.resolve("checkpoint"),
            "exportjobs.local/ledger/demo\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— x AAAA\n");
    assertThat(
            run(
                pack.archive().toString(),
                "--key",
                pack.publicKeyPem().toString(),
                "--previous",
                note.toString()))
        .isEqualTo(VerifyPackCommand.INVALID);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("FAIL  previous", "no previous can be checked", "INVALID");
  }
}
