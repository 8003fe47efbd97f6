package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 17, done-when 1, as a user does it: {@code make cluster} (the Makefile's target, which runs
 * {@code scripts/cluster.sh up}) with the jars this build made ({@code SKIP_BUILD=1}), on a port
 * prefix and in a folder of its own, in its own session as a terminal would run it. Once it has
 * printed its URLs, the README's "Try it" examples run unchanged against the api it printed ({@code
 * API} in the environment); then Ctrl-C (SIGINT to its process group) must stop every process it
 * started and free every port it used.
 */
@Order(Integer.MAX_VALUE - 4)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Cluster.LOCK)
class ClusterUpE2ETest {

  static final Pattern API_URLS =
      Pattern.compile("(?m)^\\s*API\\s+(http://\\S+/api/v1) and (http://\\S+/api/v1)");

  /** The suite's cluster is up first: the tools (the Temporal server's Go build) are in place. */
  @RegisterExtension static final Cluster suiteCluster = Cluster.suite();

  @Test
  void makeClusterComesUpRunsTheReadmeAndStopsOnCtrlC() throws Exception {
    String prefix = RealServers.clusterUpPrefix();
    Path dir = Path.of(RealServers.clusterUpDir());
    Stack.deleteQuietly(dir);
    Files.createDirectories(dir);
    Path envFile = dir.resolve("compose.env"); // no .env: the compose file's defaults
    Files.writeString(envFile, "");
    Path output = Files.createTempFile("make-cluster-", ".out");

    // setsid: its own session and process group, as a shell's foreground job in a terminal.
    // SIGINT back to its default first: a run started in the background of a non-interactive
    // shell (CI, nohup, `make test &`) inherits SIGINT ignored, and a shell cannot trap a signal
    // that was ignored when it started, so Ctrl-C would never reach make cluster's own trap
    ProcessBuilder builder =
        new ProcessBuilder(
                "python3",
                "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                    + " os.execvp(sys.argv[1], sys.argv[1:])",
                "setsid",
                "make",
                "-C",
                Cluster.ROOT.toString(),
                "cluster")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.put("SKIP_BUILD", "1");
    env.put("CLUSTER_PORT_PREFIX", prefix);
    env.put("EXPORTJOBS_CLUSTER_DIR", dir.toString());
    env.put("CLUSTER_ENV_FILE", envFile.toString());
    env.remove("MAKEFLAGS");
    env.remove("MAKELEVEL");
    Process make = builder.start();
    try {
      Matcher urls =
          await()
              .atMost(Duration.ofMinutes(15))
              .pollInterval(Duration.ofSeconds(1))
              // the output is read when it fails, not when the wait is set up
              .failFast(
                  () ->
                      assertThat(make.isAlive())
                          .as(
                              () ->
                                  "make cluster exited before printing its URLs:\n" + tail(output))
                          .isTrue())
              .until(() -> API_URLS.matcher(Files.readString(output)), Matcher::find);
      String api1 = urls.group(1);
      String api2 = urls.group(2);
      assertThat(api1).isEqualTo("http://127.0.0.1:" + prefix + "080/api/v1");
      assertThat(api2).isEqualTo("http://127.0.0.1:" + prefix + "088/api/v1");

      ClusterReadmeE2ETest.runTheExamples(api1, api2);

      JsonNode manifest = Json.mapper().readTree(dir.resolve("cluster.json").toFile());
      List<Integer> ports = ports(manifest, prefix);
      // what serves while it runs: every port of the manifest but the Temporal worker role's
      // gRPC port (that role serves none; its membership port listens)
      List<Integer> served = new ArrayList<>();
      manifest
          .path("ports")
          .properties()
          .forEach(
              p -> {
                if (!p.getKey().equals("worker")) {
                  served.add(p.getValue().asInt());
                }
              });
      assertThat(served).hasSizeGreaterThan(10).allMatch(ClusterUpE2ETest::listening);
      List<ProcessHandle> processes = processes(make, dir);
      System.out.printf(
          "make cluster: %d processes, ports %s%n", processes.size(), new TreeSet<>(ports));
      // the services: PostgreSQL, Temporal's four roles, its UI, SeaweedFS, 2 api, 2 workers
      assertThat(processes.size()).isGreaterThanOrEqualTo(11);

      // Ctrl-C: the terminal sends SIGINT to the foreground process group
      signal("INT", make.pid());
      assertThat(make.waitFor(5, TimeUnit.MINUTES)).as("make cluster exited after Ctrl-C").isTrue();
      System.out.println(tail(output));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                assertThat(processes.stream().filter(ProcessHandle::isAlive).map(this::describe))
                    .as("processes of make cluster still running after Ctrl-C")
                    .isEmpty();
                assertThat(ports.stream().filter(ClusterUpE2ETest::listening))
                    .as("ports still served after Ctrl-C")
                    .isEmpty();
              });
    } finally {
      if (make.isAlive()) { // a failure above: stop it as Ctrl-C would, or outright
        signal("INT", make.pid());
        if (!make.waitFor(2, TimeUnit.MINUTES)) {
          signal("KILL", make.pid());
        }
      }
      new ProcessBuilder(
              Cluster.SCRIPT.toString(), "stop", "--dir", dir.toString()) // what may be left
          .inheritIO()
          .start()
          .waitFor(5, TimeUnit.MINUTES);
    }
    // the data goes (the logs stay for a failure's reader)
    for (String data : List.of("postgresql", "seaweedfs", "app-data")) {
      Stack.deleteQuietly(dir.resolve(data));
    }
    Files.deleteIfExists(output);
  }

  /** Every port the cluster serves, from its manifest, and SeaweedFS's NN340-NN346. */
  static List<Integer> ports(JsonNode manifest, String prefix) {
    List<Integer> ports = new ArrayList<>();
    manifest.path("ports").forEach(p -> ports.add(p.asInt()));
    for (int p = 340; p <= 346; p++) {
      ports.add(Integer.parseInt(prefix) * 1000 + p);
    }
    assertThat(ports).hasSizeGreaterThan(7);
    return ports;
  }

  /**
   * The processes of the running cluster: make and everything it started, and the servers that
   * detach from it (PostgreSQL's postmaster, SeaweedFS), from their pid files.
   */
  static List<ProcessHandle> processes(Process make, Path dir) throws IOException {
    Map<Long, ProcessHandle> all = new LinkedHashMap<>();
    all.put(make.pid(), make.toHandle());
    make.descendants().forEach(h -> all.put(h.pid(), h));
    List<Path> pidFiles = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("run"))) {
      files.filter(f -> f.toString().endsWith(".pid")).forEach(pidFiles::add);
    }
    pidFiles.add(dir.resolve("postgresql/data/postmaster.pid"));
    for (Path f : pidFiles) {
      String first = Files.readString(f).trim().split("\\s+")[0];
      Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(first));
      assertThat(h).as("the process of " + f).isPresent();
      all.put(h.get().pid(), h.get());
      h.get().descendants().forEach(d -> all.put(d.pid(), d));
    }
    return new ArrayList<>(all.values());
  }

  String describe(ProcessHandle h) {
    return h.pid() + " " + h.info().commandLine().orElse("?");
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code kill -SIG -- -PGID}: to the whole process group, as a terminal signals its job. */
  static void signal(String signal, long pgid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
        .inheritIO()
        .start()
        .waitFor(30, TimeUnit.SECONDS);
  }

  static String tail(Path output) {
    try {
      List<String> lines = Files.readAllLines(output);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
