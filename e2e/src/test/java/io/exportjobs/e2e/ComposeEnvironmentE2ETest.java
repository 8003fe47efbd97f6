package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exportjobs.pack.json.Digests;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 7: the api and worker jars, started with exactly the environment variables that {@code
 * docker-compose.temporal.yml} gives the {@code api-1} and {@code worker-1} services (profile prod,
 * PostgreSQL, S3 target, codec settings), run one export to completion. Only what a different
 * machine needs is substituted: the hosts and ports of this run's dev server and PostgreSQL (on a
 * fresh schema), the listen ports and addresses (127.0.0.1), the data folder, a task queue of its
 * own on the shared dev server, and the {@code .env} values an operator would provide (an API key
 * hash, the database credentials). The S3 target stays only when {@code
 * EXPORTJOBS_TEST_S3_ENDPOINT} names a SeaweedFS to use; otherwise the filesystem default does.
 */
class ComposeEnvironmentE2ETest {

  static final Path COMPOSE = Path.of("..", "docker-compose.temporal.yml");
  static final String API_KEY = "compose-test-" + UUID.randomUUID();
  static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-([^}]*))?\\}");

  static RealServers.Postgres pg;
  static String schema;
  static Path dataDir;
  static int apiPort;
  static int workerPort;
  static int apiManagementPort;
  static Process api;
  static Process worker;

  @BeforeAll
  static void start() throws Exception {
    String temporal = RealServers.temporalAddress();
    pg = RealServers.postgres();
    schema = "compose_" + UUID.randomUUID().toString().substring(0, 8);
    pg.createSchema(schema);
    dataDir = Files.createTempDirectory("exportjobs-compose-");
    apiPort = freePort();
    workerPort = freePort();
    apiManagementPort = freePort();

    Map<String, Map<String, String>> env = composeEnvironments(dotEnv());
    Map<String, String> apiEnv = localize(env.get("api-1"), temporal);
    Map<String, String> workerEnv = localize(env.get("worker-1"), temporal);
    assertThat(apiEnv).containsEntry("SPRING_PROFILES_ACTIVE", "prod");

    api = startJar("api", apiEnv);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .failFast("the api exited; see e2e/target/compose-api.log", () -> !api.isAlive())
        .until(() -> healthy("http://127.0.0.1:" + apiPort + "/actuator/health"));
    // compose starts the workers once the api is healthy (it runs the migrations)
    worker = startJar("worker", workerEnv);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .failFast("the worker exited; see e2e/target/compose-worker.log", () -> !worker.isAlive())
        .until(() -> healthy("http://127.0.0.1:" + workerPort + "/actuator/health"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : new Process[] {worker, api}) {
      if (p != null && p.isAlive()) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
        }
      }
    }
    if (pg != null && schema != null) {
      pg.dropSchema(schema);
    }
    if (dataDir != null) {
      Stack.deleteQuietly(dataDir);
    }
  }

  @Test
  void theComposeEnvironmentRunsAnExportToCompletion() throws Exception {
    Http http = new Http("http://127.0.0.1:" + apiPort + "/api/v1", API_KEY);
    // profile prod: the contract's dev keys are refused
    assertThat(http.as("dev-demo-admin").get("/exports").status()).isEqualTo(401);

    List<Map<String, Object>> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(
          Map.of(
              "occurredAt", "2026-10-01T08:00:" + String.format("%02d", i) + "Z",
              "actor", "alice",
              "action", "user.login",
              "resource", "app/console",
              "outcome", "success"));
    }
    assertThat(http.post("/ledger/entries", Map.of("entries", entries)).status()).isEqualTo(201);
    String id =
        http.post(
                "/exports",
                Map.of(
                    "type",
                    "ledger",
                    "range",
                    Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-11-01T00:00:00Z")))
            .json()
            .get("id")
            .asText();
    var job = http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(500));
    assertThat(job.path("artifact").path("entryCount").asLong()).isEqualTo(50);

    Http.Response artifact = http.get("/exports/" + id + "/artifact");
    assertThat(artifact.status()).isEqualTo(200);
    assertThat(artifact.text().lines()).hasSize(50);

    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + workerPort + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(
            Prometheus.value(
                metrics,
                "exportjobs_job_transitions_total",
                "tenant=\"demo\"",
                "status=\"completed\""))
        .isEqualTo(1);
  }

  /** The values an operator puts in {@code .env}, for this run. */
  private static Map<String, String> dotEnv() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("EXPORTJOBS_DB_USER", pg.user());
    values.put("EXPORTJOBS_DB_PASSWORD", pg.password());
    values.put(
        "EXPORTJOBS_API_KEY_SHA256", Digests.sha256Hex(API_KEY.getBytes(StandardCharsets.UTF_8)));
    values.put("EXPORTJOBS_API_KEY_TENANT", "demo");
    String s3 = System.getenv("EXPORTJOBS_TEST_S3_ENDPOINT");
    if (s3 != null && !s3.isBlank()) {
      values.put("EXPORTJOBS_S3_BUCKET", "compose-" + schema.replace('_', '-'));
      putIfSet(values, "EXPORTJOBS_S3_ACCESS_KEY", "EXPORTJOBS_TEST_S3_ACCESS_KEY");
      putIfSet(values, "EXPORTJOBS_S3_SECRET_KEY", "EXPORTJOBS_TEST_S3_SECRET_KEY");
    }
    return values;
  }

  private static void putIfSet(Map<String, String> values, String name, String from) {
    String v = System.getenv(from);
    if (v != null && !v.isBlank()) {
      values.put(name, v);
    }
  }

  /** Each service's environment as compose resolves it: anchors merged, variables substituted. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, String>> composeEnvironments(Map<String, String> dotEnv)
      throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String name : List.of("api-1", "api-2", "worker-1", "worker-2")) {
      Map<String, Object> service = (Map<String, Object>) services.get(name);
      assertThat(service).as("service " + name + " in the compose file").isNotNull();
      Map<String, String> env = new LinkedHashMap<>();
      ((Map<String, Object>) service.get("environment"))
          .forEach((k, v) -> env.put(k, substitute(String.valueOf(v), dotEnv)));
      out.put(name, env);
    }
    return out;
  }

  private static String substitute(String value, Map<String, String> dotEnv) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = dotEnv.get(m.group(1));
      if (v == null) {
        v = m.group(3) == null ? "" : m.group(3);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString().replace("$$", "$");
  }

  /** Hosts, ports, folders and the task queue of this machine instead of the compose network's. */
  private static Map<String, String> localize(Map<String, String> composeEnv, String temporal) {
    Map<String, String> env = new LinkedHashMap<>(composeEnv);
    env.replaceAll((k, v) -> v.replace("temporal-frontend:7233", temporal));
    URI pgUri = URI.create(pg.url().substring("jdbc:".length()));
    String pgHost = pgUri.getHost() + ":" + pgUri.getPort();
    env.computeIfPresent(
        "EXPORTJOBS_DB_URL",
        (k, v) -> v.replace("postgresql:5432", pgHost) + "&currentSchema=" + schema);
    assertThat(env.get("EXPORTJOBS_DB_URL")).startsWith("jdbc:postgresql://" + pgHost + "/");
    env.put("EXPORTJOBS_DATA_DIR", dataDir.toString());
    env.put("EXPORTJOBS_TASK_QUEUE", "exports-compose-" + schema);
    if (env.containsKey("API_PORT")) {
      env.put("API_PORT", String.valueOf(apiPort));
      env.put("API_BIND_ADDRESS", "127.0.0.1");
      assertThat(env).containsKey("EXPORTJOBS_API_MANAGEMENT_PORT");
      env.put("EXPORTJOBS_API_MANAGEMENT_PORT", String.valueOf(apiManagementPort));
      env.put("EXPORTJOBS_API_MANAGEMENT_ADDRESS", "127.0.0.1");
    }
    if (env.containsKey("EXPORTJOBS_WORKER_MANAGEMENT_PORT")) {
      env.put("EXPORTJOBS_WORKER_MANAGEMENT_PORT", String.valueOf(workerPort));
      env.put("EXPORTJOBS_WORKER_MANAGEMENT_ADDRESS", "127.0.0.1");
    }
    String s3 = System.getenv("EXPORTJOBS_TEST_S3_ENDPOINT");
    if (s3 != null && !s3.isBlank()) {
      env.replaceAll((k, v) -> v.replace("http://seaweedfs:8333", s3));
    } else {
      env.keySet().removeIf(k -> k.startsWith("EXPORTJOBS_ARTIFACTS_TARGETS_DEFAULT_"));
    }
    return env;
  }

  /** {@code java -jar <module>/target/<module>-*-exec.jar} with only the given environment. */
  private static Process startJar(String module, Map<String, String> env) throws IOException {
    Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
    Path jar;
    try (Stream<Path> files = Files.list(target)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches(module + "-.*-exec\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no exec jar in " + target));
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-jar",
            jar.toString());
    // nothing from this JVM's environment leaks in, as in a container: only PATH besides
    String path = System.getenv("PATH");
    pb.environment().clear();
    pb.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
    pb.environment().putAll(env);
    Path log = Path.of("target", "compose-" + module + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    return pb.start();
  }

  private static boolean healthy(String url) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return r.statusCode() == 200 && r.body().contains("\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
