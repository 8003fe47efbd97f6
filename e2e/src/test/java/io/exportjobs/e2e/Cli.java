package io.exportjobs.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code temporal} CLI and returns what it printed; fails on a non-zero exit. */
final class Cli {

  private Cli() {}

  static String run(String cli, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(cli);
    command.addAll(List.of(args));
    // output to a file, not a pipe: a long history would fill the pipe and block the CLI
    java.nio.file.Path file = java.nio.file.Files.createTempFile("temporal-cli-", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(file.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      String out = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("exit " + p.exitValue() + " from " + command + ":\n" + out);
      }
      return out;
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
