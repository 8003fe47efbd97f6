package io.exportjobs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The worker's runnable jar, started as its own process so that a test can SIGKILL it. */
final class WorkerProcess implements AutoCloseable {

  final Path log;
  private final Process process;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(Map<String, String> env, Path log) throws IOException {
    return start(env, log, List.of("-Xmx256m"));
  }

  /** With these JVM options instead of the default {@code -Xmx256m}. */
  static WorkerProcess start(Map<String, String> env, Path log, List<String> jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new WorkerProcess(pb.start(), log);
  }

  /**
   * A benchmark's worker options: {@code -Xmx<heap>}, the GC log {@link GcLog} reads, and whatever
   * {@code -Dbench.workerJvm=…} adds (space-separated), such as a JFR recording.
   */
  static List<String> benchOptions(String heap, Path gcLog) {
    List<String> options = new ArrayList<>(List.of("-Xmx" + heap, GcLog.option(gcLog)));
    for (String option : System.getProperty("bench.workerJvm", "").split(" ")) {
      if (!option.isBlank()) {
        options.add(option);
      }
    }
    return options;
  }

  /** {@code worker/target/worker-<version>-exec.jar}, built by the reactor before e2e runs. */
  static Path jar() throws IOException {
    Path target = Path.of("..", "worker", "target").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches("worker-.*-exec\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no worker exec jar in " + target));
    }
  }

  /** SIGKILL: no shutdown hook, no graceful stop, exactly like a crashed machine. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Fails with the end of the worker's log once the process has exited (it cannot start). */
  void requireAlive() throws IOException {
    if (!process.isAlive()) {
      List<String> lines = Files.readAllLines(log);
      throw new AssertionError(
          "the worker exited with "
              + process.exitValue()
              + ":\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
