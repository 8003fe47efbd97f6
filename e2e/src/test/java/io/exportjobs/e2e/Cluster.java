package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cluster of {@code scripts/cluster.sh} ({@code make cluster}'s topology: PostgreSQL, the
 * Temporal server as four processes, its Web UI, SeaweedFS, two api and two worker processes) that
 * {@code make test} starts in the background for the cluster suite. A test class registers the
 * suite's one handle as the e2e stack is registered:
 *
 * <pre>
 * &#64;RegisterExtension static final Cluster cluster = Cluster.suite();
 * </pre>
 *
 * Before the class's {@code @BeforeAll}, it waits until the cluster is ready (the first run of
 * {@code make test} builds the Temporal server meanwhile), reads its manifest ({@code
 * cluster.json}) and makes sure the api and worker processes run. It drives the cluster script for
 * faults: SIGKILL a process, stop and start one. The cluster outlives the test JVM; {@code make
 * test} stops it.
 */
final class Cluster implements BeforeAllCallback {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path SCRIPT = ROOT.resolve("scripts/cluster.sh");
  static final List<String> APPS = List.of("api-1", "api-2", "worker-1", "worker-2");

  /**
   * The cluster suite's classes hold this lock: they run one at a time, beside the other e2e tests
   * (e2e's junit-platform.properties).
   */
  static final String LOCK = "exportjobs-cluster";

  private static final Cluster SUITE = new Cluster();

  /** Set once the cluster is ready (before the first class's {@code @BeforeAll}). */
  Path dir;

  JsonNode manifest;
  private WorkflowClient client;

  private Cluster() {}

  /** The handle of this test run's cluster, for {@code @RegisterExtension}. */
  static Cluster suite() {
    return SUITE;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    awaitReady();
  }

  /** Waits for the running cluster of this test run and starts its api and workers, once. */
  private synchronized void awaitReady() {
    if (manifest != null) {
      return;
    }
    Path clusterDir = Path.of(RealServers.clusterDir());
    Path run = clusterDir.resolve("run");
    await()
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofSeconds(1))
        .failFast(
            () ->
                assertThat(run.resolve("failed"))
                    .as(
                        () ->
                            "the cluster did not start; "
                                + clusterDir.resolve("logs/start.log")
                                + " ends:\n"
                                + ClusterUpE2ETest.tail(clusterDir.resolve("logs/start.log")))
                    .doesNotExist())
        .until(() -> Files.exists(run.resolve("ready")));
    dir = clusterDir;
    JsonNode read = readManifest(clusterDir);
    start(APPS.toArray(String[]::new));
    manifest = read;
  }

  private static JsonNode readManifest(Path dir) {
    try {
      return Json.mapper().readTree(dir.resolve("cluster.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL ({@code http://127.0.0.1:<port>/api/v1}) of api 1 or 2. */
  String apiUrl(int n) {
    return manifest.path("urls").path("api").get(n - 1).asText();
  }

  /** The management server of worker 1 or 2 ({@code /actuator/health}, {@code /prometheus}). */
  String workerManagementUrl(int n) {
    return manifest.path("urls").path("workerManagement").get(n - 1).asText();
  }

  String temporalAddress() {
    return manifest.path("urls").path("temporal").asText();
  }

  String temporalUi() {
    return manifest.path("urls").path("temporalUi").asText();
  }

  int port(String name) {
    return manifest.path("ports").path(name).asInt();
  }

  /** The versions the compose file's image tags name, which the cluster was built from. */
  String version(String name) {
    return manifest.path("versions").path(name).asText();
  }

  /** A client of the cluster's frontend, namespace {@code default}. */
  synchronized WorkflowClient workflowClient() {
    if (client == null) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress()).build());
      client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    }
    return client;
  }

  /** Runs the real {@code temporal} CLI against the cluster. */
  String temporal(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", temporalAddress(), "--namespace", "default"));
    return Cli.run(RealServers.temporalCliRequired(), all.toArray(String[]::new));
  }

  /** SIGKILL, as a crash would: no shutdown hook, no graceful stop. */
  void kill(String service) {
    script("kill", service);
  }

  /** Starts the services (no-op for those running) and returns once they are ready. */
  void start(String... services) {
    script("start", services);
  }

  /** A graceful stop (PostgreSQL: a fast shutdown, which ends every connection). */
  void stop(String... services) {
    script("stop", services);
  }

  /** The pid of a running service's process, from the cluster's pid file. */
  long pid(String service) {
    try {
      String line = Files.readString(dir.resolve("run").resolve(service + ".pid")).trim();
      return Long.parseLong(line.split("\\s+")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment the service's process really runs with ({@code /proc/<pid>/environ}). */
  Map<String, String> environment(String service) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid(service)), "environ"));
      Map<String, String> env = new LinkedHashMap<>();
      for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
      return env;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path log(String service) {
    return dir.resolve("logs").resolve(service + ".log");
  }

  private void script(String command, String... services) {
    List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), command));
    cmd.addAll(List.of(services));
    cmd.addAll(List.of("--dir", dir.toString()));
    try {
      Path out = Files.createTempFile("cluster-", ".out");
      try {
        Process p =
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalStateException("timed out: " + cmd);
        }
        String output = Files.readString(out);
        System.out.print(output);
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              "exit " + p.exitValue() + " from " + cmd + ":\n" + output);
        }
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
