package io.exportjobs.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysCommandTest {

  @TempDir Path dir;
  private ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out = new ByteArrayOutputStream();
    return SigningKeysCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String activeKey() {
    String text = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(text).startsWith("active key: ");
    return text.substring("active key: ".length());
  }

  @Test
  void initMakesAKeyOnceAndRotateReplacesTheActiveKey() {
    Path keys = dir.resolve("signing-keys");

    assertThat(run("init", keys.toString())).isZero();
    String first = activeKey();
    assertThat(run("init", keys.toString())).isZero();
    assertThat(activeKey()).isEqualTo(first);

    assertThat(run("rotate", keys.toString())).isZero();
    String second = activeKey();
    assertThat(second).isNotEqualTo(first).hasSize(64);
    assertThat(Files.exists(keys.resolve(first + ".key.pem"))).isFalse();
    assertThat(Files.exists(keys.resolve(first + ".pub.pem"))).isTrue();

    assertThat(run("list", keys.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("* " + second, "  " + first);
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("rotate")).isEqualTo(2);
    assertThat(run("delete", dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "usage: java -cp exportjobs-verify.jar io.exportjobs.verifier.SigningKeysCommand");
  }
}
