package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 17, done-when 4: {@code docker-compose -f docker-compose.temporal.yml config} shows the
 * versions and the environment that the cluster runs. The compose file is rendered again, as an
 * operator would, with the variables the cluster was started with; each running process is asked
 * for its version, and its real environment ({@code /proc/<pid>/environ}) is compared with its
 * service's: equal but for the addresses (the compose network's hosts and ports, container paths)
 * that the rules below move to this machine.
 */
@Order(Integer.MAX_VALUE - 3)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Cluster.LOCK)
class ClusterComposeParityE2ETest {

  static final Path COMPOSE = Cluster.ROOT.resolve("docker-compose.temporal.yml");
  static final List<String> TEMPORAL_ROLES = List.of("history", "matching", "frontend", "worker");

  @RegisterExtension static final Cluster cluster = Cluster.suite();
  static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void render() throws Exception {
    Map<String, Object> compose = new Yaml().load(dockerComposeConfig());
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void theImageTagsNameTheVersionsThatRun() throws Exception {
    String server = tag("temporal-frontend", "temporalio/server");
    for (String role : TEMPORAL_ROLES) {
      assertThat(tag("temporal-" + role, "temporalio/server")).isEqualTo(server);
      // the binary each role process runs
      assertThat(run(exe("temporal-" + role), "--version")).contains("version " + server);
    }
    // and what the frontend answers a client
    var info =
        cluster
            .workflowClient()
            .getWorkflowServiceStubs()
            .blockingStub()
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    assertThat(info.getServerVersion()).isEqualTo(server);

    // the schema tool of the same build set the schemas up, as admin-tools of that tag would
    assertThat(tag("temporal-admin-tools", "temporalio/admin-tools")).isEqualTo(server);
    assertThat(tag("temporal-create-namespace", "temporalio/admin-tools")).isEqualTo(server);
    Path sqlTool = exe("temporal-frontend").resolveSibling("temporal-sql-tool");
    assertThat(run(sqlTool, "--version")).contains(server);
    assertThat(Files.readString(cluster.log("temporal-admin-tools")))
        .contains("Temporal schema is ready");

    String ui = tag("temporal-ui", "temporalio/ui");
    assertThat(run(exe("temporal-ui"), "--version")).contains(ui);
    assertThat(httpGet(cluster.temporalUi() + "/api/v1/settings")).contains("\"" + ui + "\"");

    String postgres = tag("postgresql", "postgres");
    try (var c = appDatabase();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith(postgres + ".");
    }

    String seaweedfs = tag("seaweedfs", "chrislusf/seaweedfs");
    assertThat(run(exe("seaweedfs"), "version")).contains(" " + seaweedfs + " ");

    assertThat(cluster.version("temporalServer")).isEqualTo(server);
    assertThat(cluster.version("temporalUi")).isEqualTo(ui);
  }

  @Test
  void everyProcessRunsWithItsServicesEnvironment() {
    for (String role : TEMPORAL_ROLES) {
      String name = "temporal-" + role;
      Map<String, String> extra = new LinkedHashMap<>();
      for (String r : TEMPORAL_ROLES) {
        // the ports each role would take by default in its own container
        extra.put(r.toUpperCase() + "_GRPC_PORT", String.valueOf(cluster.port(r)));
        extra.put(
            r.toUpperCase() + "_MEMBERSHIP_PORT", String.valueOf(cluster.port(r + "-membership")));
      }
      extra.put("FRONTEND_HTTP_PORT", String.valueOf(cluster.port("frontend-http")));
      assertRunsWith(name, extra);
      assertThat(cluster.environment(name)).containsEntry("TEMPORAL_SERVICES", role);
    }
    assertRunsWith(
        "temporal-ui", Map.of("TEMPORAL_UI_PORT", String.valueOf(cluster.port("temporal-ui"))));
    for (String name : Cluster.APPS) {
      assertRunsWith(name, Map.of());
    }
    assertThat(cluster.environment("api-1"))
        .containsEntry(
            "SPRING_PROFILES_ACTIVE", environment("api-1").get("SPRING_PROFILES_ACTIVE"));
  }

  @Test
  void postgresHasTheComposeUsersDatabasesAndSettings() throws Exception {
    Map<String, String> pg = environment("postgresql");
    String url = "jdbc:postgresql://127.0.0.1:" + cluster.port("postgresql") + "/";
    // the superuser of the postgres image, with its password over TCP
    try (var c =
            DriverManager.getConnection(
                url + "temporal", pg.get("POSTGRES_USER"), pg.get("POSTGRES_PASSWORD"));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"
                    + " WHERE datname IN ('temporal', 'temporal_visibility', 'exportjobs')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("exportjobs,temporal,temporal_visibility");
    }
    try (var c = appDatabase();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW max_connections")) {
      rs.next();
      @SuppressWarnings("unchecked")
      List<String> command = (List<String>) services.get("postgresql").get("command");
      assertThat(command).contains("max_connections=" + rs.getString(1));
    }
  }

  /** The process's environment is its service's, moved to this machine, plus {@code extra}. */
  static void assertRunsWith(String service, Map<String, String> extra) {
    Map<String, String> expected = new LinkedHashMap<>();
    environment(service).forEach((k, v) -> expected.put(k, localize(service, k, v)));
    expected.putAll(extra);
    Map<String, String> actual = new LinkedHashMap<>(cluster.environment(service));
    assertThat(actual).as(service).isEqualTo(expected);
  }

  /**
   * The rules that move a compose value to this machine: the compose network's addresses become the
   * cluster's ports on 127.0.0.1, container listen addresses 127.0.0.1, container paths the
   * cluster's folders.
   */
  static String localize(String service, String key, String value) {
    String loopback = "127.0.0.1";
    switch (key) {
      case "API_PORT":
      case "EXPORTJOBS_WORKER_MANAGEMENT_PORT":
        return String.valueOf(cluster.port(service));
      case "EXPORTJOBS_API_MANAGEMENT_PORT":
        return String.valueOf(cluster.port(service + "-management"));
      case "API_BIND_ADDRESS":
      case "EXPORTJOBS_WORKER_MANAGEMENT_ADDRESS":
      case "EXPORTJOBS_API_MANAGEMENT_ADDRESS":
      case "BIND_ON_IP":
      case "POSTGRES_SEEDS":
        return loopback;
      case "DB_PORT":
        return String.valueOf(cluster.port("postgresql"));
      case "EXPORTJOBS_DATA_DIR":
        assertThat(value).isEqualTo("/data");
        return cluster.manifest.path("appDataDir").asText();
      case "DYNAMIC_CONFIG_FILE_PATH":
        return mountedFrom(service, "/etc/temporal/" + value);
      default:
        return value
            .replace("temporal-frontend:7233", cluster.temporalAddress())
            .replace("postgresql:5432", loopback + ":" + cluster.port("postgresql"))
            .replace("http://seaweedfs:8333", "http://" + loopback + ":" + cluster.port("s3"))
            .replace(":8233", ":" + cluster.port("temporal-ui"));
    }
  }

  @SuppressWarnings("unchecked")
  static String mountedFrom(String service, String containerPath) {
    for (Object volume : (List<Object>) services.get(service).get("volumes")) {
      String[] parts = volume.toString().split(":");
      if (parts[1].equals(containerPath)) {
        return parts[0];
      }
    }
    throw new AssertionError("nothing is mounted at " + containerPath + " in " + service);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, Object> raw = (Map<String, Object>) services.get(service).get("environment");
    raw.forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
    return env;
  }

  static String tag(String service, String repository) {
    String image = (String) services.get(service).get("image");
    assertThat(image).startsWith(repository + ":");
    return image.substring(repository.length() + 1);
  }

  /** The executable of a running service's process. */
  static Path exe(String service) throws IOException {
    long pid =
        service.equals("seaweedfs")
            ? Long.parseLong(
                Files.readString(cluster.dir.resolve("run/seaweedfs.pid")).trim().split("\\s+")[0])
            : cluster.pid(service);
    return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
  }

  static java.sql.Connection appDatabase() throws java.sql.SQLException {
    Map<String, String> api = environment("api-1");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + cluster.port("postgresql") + "/exportjobs",
        api.get("EXPORTJOBS_DB_USER"),
        api.get("EXPORTJOBS_DB_PASSWORD"));
  }

  /**
   * {@code docker-compose -f docker-compose.temporal.yml config}, with the variables (and env file)
   * the cluster was started with and nothing else from this JVM's environment.
   */
  static String dockerComposeConfig() throws IOException, InterruptedException {
    List<String> lines = Files.readAllLines(cluster.dir.resolve("config/compose-variables.env"));
    String envFile = lines.get(0).replaceFirst("^# env file: ", "");
    List<String> command = new java.util.ArrayList<>(List.of("docker-compose"));
    if (Files.isRegularFile(Path.of(envFile))) {
      command.addAll(List.of("--env-file", envFile));
    }
    command.addAll(List.of("-f", COMPOSE.toString(), "config"));
    ProcessBuilder pb = new ProcessBuilder(command).directory(Cluster.ROOT.toFile());
    String path = System.getenv("PATH");
    pb.environment().clear();
    pb.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
    for (String line : lines.subList(1, lines.size())) {
      int eq = line.indexOf('=');
      pb.environment().put(line.substring(0, eq), line.substring(eq + 1));
    }
    Path out = Files.createTempFile("compose-config-", ".yml");
    try {
      Process p = pb.redirectErrorStream(false).redirectOutput(out.toFile()).start();
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as("docker-compose config").isZero();
      return Files.readString(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static String run(Path executable, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("version-", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
      return Files.readString(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static String httpGet(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }
}
