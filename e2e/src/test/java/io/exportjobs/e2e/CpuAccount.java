package io.exportjobs.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * CPU time (Linux {@code /proc}) of the processes a benchmark drives: the worker, the test JVM (the
 * api), PostgreSQL (its postmaster and every backend) and the Temporal dev server, and of the whole
 * machine. Two snapshots around a phase say how much CPU it took and how much of the machine's
 * cores went to other processes meanwhile: on a shared machine that is what bounds a throughput
 * figure. Empty where {@code /proc} is not there.
 */
final class CpuAccount {

  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final Map<String, ProcessHandle> roots = new LinkedHashMap<>();
  private final Map<String, ProcessHandle> trees = new LinkedHashMap<>();

  /** Without a worker process of its own: the api's JVM, PostgreSQL and the dev server. */
  CpuAccount() {
    this(Optional.empty());
  }

  CpuAccount(long workerPid) {
    this(ProcessHandle.of(workerPid));
  }

  private CpuAccount(Optional<ProcessHandle> worker) {
    worker.ifPresent(p -> roots.put("worker", p));
    roots.put("api+test JVM", ProcessHandle.current()); // its children: the worker, counted above
    serverListeningOn(postgresPort(), "postgres").ifPresent(p -> trees.put("PostgreSQL", p));
    serverListeningOn(temporalPort(), "start-dev").ifPresent(p -> trees.put("Temporal", p));
  }

  /**
   * CPU seconds so far of each process, by the name of what it belongs to, and {@code machine} for
   * every core together.
   */
  record Snapshot(long nanos, Map<String, Map<Long, Double>> seconds, double machine) {

    /**
     * CPU seconds of {@code name}'s processes since {@code from}: each process that runs now, from
     * what it had then (nothing, if it started since). A process that ended meanwhile (a backend
     * whose connection closed) is not counted, rather than counted below zero.
     */
    double since(Snapshot from, String name) {
      Map<Long, Double> then = from.seconds.getOrDefault(name, Map.of());
      return seconds.getOrDefault(name, Map.of()).entrySet().stream()
          .mapToDouble(e -> e.getValue() - then.getOrDefault(e.getKey(), 0.0))
          .sum();
    }
  }

  Snapshot snapshot() {
    Map<String, Map<Long, Double>> seconds = new LinkedHashMap<>();
    for (Map.Entry<String, ProcessHandle> root : roots.entrySet()) {
      long pid = root.getValue().pid();
      seconds.put(root.getKey(), Map.of(pid, ticks(pid) / TICKS_PER_SECOND));
    }
    for (Map.Entry<String, ProcessHandle> tree : trees.entrySet()) {
      // the postmaster and its backends
      Map<Long, Double> processes = new LinkedHashMap<>();
      processes.put(tree.getValue().pid(), ticks(tree.getValue().pid()) / TICKS_PER_SECOND);
      tree.getValue()
          .descendants()
          .forEach(child -> processes.put(child.pid(), ticks(child.pid()) / TICKS_PER_SECOND));
      seconds.put(tree.getKey(), processes);
    }
    return new Snapshot(System.nanoTime(), seconds, machineTicks() / TICKS_PER_SECOND);
  }

  /** What the phase between two snapshots took, in words. */
  static String between(Snapshot from, Snapshot to) {
    return over(new Snapshot[][] {{from, to}}).toString();
  }

  /** What the phases, each between two snapshots ({@code {from, to}}), took together. */
  static Usage over(Snapshot[][] phases) {
    double wall = 0;
    double machine = 0;
    Map<String, Double> used = new LinkedHashMap<>();
    for (Snapshot[] phase : phases) {
      wall += (phase[1].nanos - phase[0].nanos) / 1e9;
      machine += phase[1].machine - phase[0].machine;
      for (String name : phase[1].seconds.keySet()) {
        used.merge(name, phase[1].since(phase[0], name), Double::sum);
      }
    }
    return new Usage(wall, machine, used);
  }

  /** Wall seconds, CPU seconds of the whole machine and of each of our processes. */
  record Usage(double wall, double machine, Map<String, Double> used) {

    /** CPU seconds of our processes together. */
    double ours() {
      return used.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public String toString() {
      StringBuilder parts = new StringBuilder();
      used.forEach(
          (name, seconds) -> parts.append(String.format(Locale.ROOT, "%s %.1f, ", name, seconds)));
      return String.format(
          Locale.ROOT,
          "%.1f s wall on %d cores (%.1f core-s): ours %.1f core-s (%sothers %.1f)",
          wall,
          CORES,
          wall * CORES,
          ours(),
          parts,
          Math.max(0, machine - ours()));
    }
  }

  private static double ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the fields after the command, which is in parentheses and may hold spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Double.parseDouble(f[11]) + Double.parseDouble(f[12]); // utime, stime
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  private static double machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      double busy = 0;
      for (int i = 1; i < f.length; i++) {
        if (i != 4 && i != 5) { // all but idle and iowait
          busy += Double.parseDouble(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException none) {
      return 0;
    }
  }

  /** The process whose command line names {@code port} and {@code what}, if any. */
  private static Optional<ProcessHandle> serverListeningOn(String port, String what) {
    if (port == null) {
      return Optional.empty();
    }
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String line =
                  p.info().arguments().map(a -> String.join(" ", a)).orElse("")
                      + " "
                      + p.info().command().orElse("");
              return line.contains(what) && line.matches(".*(-p |--port )" + port + "\\b.*");
            })
        .findFirst();
  }

  private static String postgresPort() {
    String url = System.getenv("EXPORTJOBS_TEST_PG_URL");
    if (url == null) {
      return null;
    }
    int port = URI.create(url.substring("jdbc:".length())).getPort();
    return port < 0 ? null : Integer.toString(port);
  }

  private static String temporalPort() {
    String address = System.getenv("EXPORTJOBS_TEST_TEMPORAL_ADDRESS");
    return address == null ? null : address.substring(address.lastIndexOf(':') + 1);
  }

  @Override
  public String toString() {
    return java.util.stream.Stream.concat(roots.entrySet().stream(), trees.entrySet().stream())
        .map(e -> e.getKey() + "=" + e.getValue().pid())
        .collect(Collectors.joining(", "));
  }
}
