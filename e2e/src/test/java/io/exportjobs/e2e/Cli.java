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
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("exit " + p.exitValue() + " from " + command + ":\n" + out);
    }
    return out;
  }
}
