package io.exportjobs.e2e;

import io.exportjobs.api.ApiApplication;
import io.exportjobs.worker.WorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The api and (optionally) a worker, started in this JVM against the real Temporal dev server,
 * sharing an H2 file database in mixed mode, so that a worker in another process can join. Each
 * stack has its own task queue and data folder, so test classes never see each other's jobs.
 */
final class Stack implements AutoCloseable {

  final Path dataDir;
  final String taskQueue;
  final String temporalAddress;
  final String dbUrl;
  final String dbUser;
  final String dbPassword;
  final ConfigurableApplicationContext api;
  final int apiPort;

  /** The api's management port (metrics), on 127.0.0.1. */
  final int managementPort;

  private final Map<String, String> extra;
  private ConfigurableApplicationContext worker;

  private Stack(boolean withWorker, Map<String, String> extra) throws IOException {
    this(withWorker, extra, null);
  }

  /** {@code postgresSchema}: run on that (new) schema of the test PostgreSQL instead of H2. */
  private Stack(boolean withWorker, Map<String, String> extra, String postgresSchema)
      throws IOException {
    this.temporalAddress = RealServers.temporalAddress();
    this.extra = Map.copyOf(extra);
    this.dataDir = Files.createTempDirectory("exportjobs-e2e-");
    this.taskQueue = "exports-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    if (postgresSchema == null) {
      this.dbUrl = "jdbc:h2:file:" + dataDir.resolve("db/exportjobs") + ";AUTO_SERVER=TRUE";
      this.dbUser = "sa";
      this.dbPassword = "";
    } else {
      RealServers.Postgres pg = RealServers.postgres();
      pg.createSchema(postgresSchema);
      this.dbUrl =
          pg.url()
              + "?currentSchema="
              + postgresSchema
              + "&reWriteBatchedInserts=true&prepareThreshold=-1";
      this.dbUser = pg.user();
      this.dbPassword = pg.password();
    }
    Map<String, Object> apiProps = new HashMap<>(common(extra));
    apiProps.put("server.port", "0");
    apiProps.put("management.server.port", "0");
    this.api =
        new SpringApplicationBuilder(ApiApplication.class).profiles("test").run(args(apiProps));
    this.apiPort = Integer.parseInt(api.getEnvironment().getRequiredProperty("local.server.port"));
    this.managementPort =
        Integer.parseInt(api.getEnvironment().getRequiredProperty("local.management.port"));
    if (withWorker) {
      startWorker();
    }
  }

  static Stack withWorker(Map<String, String> extra) throws IOException {
    return new Stack(true, extra);
  }

  static Stack withoutWorker(Map<String, String> extra) throws IOException {
    return new Stack(false, extra);
  }

  static Stack onPostgres(String schema, Map<String, String> extra) throws IOException {
    return new Stack(false, extra, schema);
  }

  void startWorker() {
    worker = WorkerApplication.builder().run(args(new HashMap<>(common(extra))));
  }

  void stopWorker() {
    if (worker != null) {
      worker.close();
      worker = null;
    }
  }

  /** The same settings as environment variables, for a worker started as its own process. */
  Map<String, String> workerEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("EXPORTJOBS_DATA_DIR", dataDir.toString());
    env.put("EXPORTJOBS_DB_URL", dbUrl);
    env.put("EXPORTJOBS_DB_USER", dbUser);
    env.put("EXPORTJOBS_DB_PASSWORD", dbPassword);
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("EXPORTJOBS_TASK_QUEUE", taskQueue);
    // a free port: several workers on one machine must not fight over the default 8081
    env.put("EXPORTJOBS_WORKER_MANAGEMENT_PORT", "0");
    return env;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + apiPort + "/api/v1";
  }

  <T> T apiBean(Class<T> type) {
    return api.getBean(type);
  }

  /** A bean of the in-JVM worker (started with {@link #withWorker}). */
  <T> T workerBean(Class<T> type) {
    if (worker == null) {
      throw new IllegalStateException("this stack has no worker in the JVM");
    }
    return worker.getBean(type);
  }

  private Map<String, String> common(Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("exportjobs.data-dir", dataDir.toString());
    props.put("spring.datasource.url", dbUrl);
    props.put("spring.datasource.username", dbUser);
    props.put("spring.datasource.password", dbPassword);
    props.put("spring.temporal.connection.target", temporalAddress);
    props.put("exportjobs.task-queue", taskQueue);
    props.put("exportjobs.worker.management.port", "0");
    props.put("exportjobs.metrics.jobs-refresh", "PT1S");
    // the reconciler's schedule is per task queue: only the tests about it turn it on (and close
    // it)
    props.put("exportjobs.reconciler.enabled", "false");
    props.putAll(extra);
    return props;
  }

  /** As command-line arguments, which win over application.yaml and environment variables. */
  private static String[] args(Map<String, ?> props) {
    return props.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  @Override
  public void close() {
    stopWorker();
    api.close();
    deleteQuietly(dataDir);
  }

  /** Large exports leave hundreds of MB behind; a test's data folder goes with its stack. */
  static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: a leftover temp folder must not fail a test that passed
    }
  }
}
