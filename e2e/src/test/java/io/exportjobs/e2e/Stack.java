package io.exportjobs.e2e;

import io.exportjobs.api.ApiApplication;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.worker.WorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The api and (optionally) a worker, started in this JVM against the real Temporal dev server,
 * sharing an H2 file database in mixed mode, so that a worker in another process can join. Each
 * stack has its own task queue and data folder, so test classes never see each other's jobs.
 *
 * <p>A test class gets its stack as a JUnit extension, started before its {@code @BeforeAll}
 * methods and closed after its {@code @AfterAll} methods (a PostgreSQL schema dropped with it):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Stack stack = Stack.perClass(Map.of()).withEntries("demo", FROM, TO, 500);
 *
 * static final Http http = stack.http("dev-demo-writer");
 * }</pre>
 *
 * A test that needs a stack of its own starts one with {@link #withWorker} and closes it.
 */
final class Stack implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private final boolean withWorker;
  private final Supplier<Map<String, String>> settings;
  private Map<String, String> extra;

  /** Run on that (new) schema of the test PostgreSQL instead of H2. */
  private final String postgresSchema;

  private final List<Consumer<Stack>> fixtures = new ArrayList<>();
  private boolean dropSchemaOnClose;

  // set by start()
  Path dataDir;
  String taskQueue;
  String temporalAddress;
  String dbUrl;
  String dbUser;
  String dbPassword;
  ConfigurableApplicationContext api;
  int apiPort;

  /** The api's management port (metrics), on 127.0.0.1. */
  int managementPort;

  private ConfigurableApplicationContext worker;

  private Stack(boolean withWorker, Map<String, String> extra, String postgresSchema) {
    this(withWorker, () -> extra, postgresSchema);
  }

  private Stack(boolean withWorker, Supplier<Map<String, String>> settings, String postgresSchema) {
    this.withWorker = withWorker;
    this.settings = settings;
    this.postgresSchema = postgresSchema;
  }

  /** A test class's api and worker, on H2: register it with {@code @RegisterExtension}. */
  static Stack perClass(Map<String, String> extra) {
    return new Stack(true, extra, null);
  }

  /** The same, with settings made when the stack starts (a bucket of the test S3, say). */
  static Stack perClass(Supplier<Map<String, String>> settings) {
    return new Stack(true, settings, null);
  }

  /** A test class's api without a worker (start one with {@link #startWorker}), on H2. */
  static Stack perClassWithoutWorker(Map<String, String> extra) {
    return new Stack(false, extra, null);
  }

  /**
   * A test class's api without a worker on the (new) PostgreSQL schema, dropped after the class.
   */
  static Stack perClassOnPostgres(String schema, Map<String, String> extra) {
    Stack stack = new Stack(false, extra, schema);
    stack.dropSchemaOnClose = true;
    return stack;
  }

  /** With the in-JVM worker started once the api is up (for {@link #perClassOnPostgres}). */
  Stack startingWorker() {
    fixtures.add(Stack::startWorker);
    return this;
  }

  /** With {@code count} entries of {@code tenant} appended once the stack is up. */
  Stack withEntries(String tenant, Instant from, Instant to, int count) {
    fixtures.add(
        s -> LedgerFixtures.appendSpread(s.apiBean(LedgerStore.class), tenant, from, to, count));
    return this;
  }

  /** A started api and worker, on H2, that the caller closes. */
  static Stack withWorker(Map<String, String> extra) throws IOException {
    return new Stack(true, extra, null).start();
  }

  /** A started api without a worker, on H2, that the caller closes. */
  static Stack withoutWorker(Map<String, String> extra) throws IOException {
    return new Stack(false, extra, null).start();
  }

  /** A started api without a worker on the (new) PostgreSQL schema, that the caller closes. */
  static Stack onPostgres(String schema, Map<String, String> extra) throws IOException {
    return new Stack(false, extra, schema).start();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start();
    fixtures.forEach(f -> f.accept(this));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!started()) {
      return;
    }
    try {
      close();
    } finally {
      if (dropSchemaOnClose) {
        RealServers.postgres().dropSchema(postgresSchema);
      }
    }
  }

  /** Whether the api is up: false before the class's stack started, or when it failed to. */
  boolean started() {
    return api != null;
  }

  /** An HTTP client of the api speaking as {@code apiKey}; usable once the stack started. */
  Http http(String apiKey) {
    return new Http(this::baseUrl, apiKey);
  }

  /** A client of the api that sends requests as they are written; usable once it started. */
  RawHttp rawHttp() {
    return new RawHttp(this::baseUrl);
  }

  private Stack start() throws IOException {
    this.extra = Map.copyOf(settings.get());
    this.temporalAddress = RealServers.temporalAddress();
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
    return this;
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

  /** A new temporary folder, for a path a stack's settings name before it starts. */
  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
