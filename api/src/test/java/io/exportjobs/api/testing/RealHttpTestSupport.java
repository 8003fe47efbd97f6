package io.exportjobs.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.exportjobs.api.export.WorkflowGateway;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole api on a real port (Tomcat, so that URL decoding, header handling and body limits are
 * the server's), on a private in-memory H2 database, with the Temporal side mocked. JWTs are
 * accepted, verified against a public key file made from an RSA key generated for this run ({@link
 * TestJwt}); a test gets a tenant of its own with {@link #asTenant}. The runtime policy file is
 * {@link #POLICY_FILE}, which tests may rewrite.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:api-http-${random.uuid};DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      // the hostile-input suite's tenant may create as many jobs as it sends
      "exportjobs.policy.tenants.hostile.max-jobs-per-hour=1000000"
    })
@ActiveProfiles("test")
public abstract class RealHttpTestSupport {

  public static final String ISSUER = TestJwt.ISSUER;
  public static final String AUDIENCE = TestJwt.AUDIENCE;
  public static final String ADMIN = "dev-demo-admin";
  public static final String WRITER = "dev-demo-writer";
  public static final String READER = "dev-demo-reader";
  public static final String ACME_ADMIN = "dev-acme-admin";

  public static final String OPERATOR = "dev-operator";
  public static final KeyPair SIGNING_KEY = TestJwt.SIGNING_KEY;
  public static final KeyPair OTHER_KEY = TestJwt.OTHER_KEY;
  public static final Path DIR = tempDir();
  public static final Path POLICY_FILE = DIR.resolve("policy.yaml");
  private static final AtomicLong POLICY_VERSION = new AtomicLong();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @DynamicPropertySource
  public static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestJwt.register(registry);
    registry.add("exportjobs.data-dir", () -> DIR.resolve("data").toString());
    registry.add("exportjobs.policy.file", POLICY_FILE::toString);
  }

  @LocalServerPort public int port;
  @Autowired public JobStore jobIndex;
  @Autowired public LedgerStore ledger;
  @Autowired public JdbcClient jdbc;
  @Autowired public JsonMapper json;

  @MockitoBean public WorkflowGateway gateway;

  /** No Temporal server here: every schedule is unknown to it. */
  @MockitoBean public ScheduleClient scheduleClient;

  @BeforeEach
  public void noSchedules() {
    ScheduleHandle handle = Mockito.mock(ScheduleHandle.class);
    Mockito.when(handle.describe()).thenThrow(new StatusRuntimeException(Status.NOT_FOUND));
    Mockito.when(scheduleClient.getHandle(ArgumentMatchers.anyString())).thenReturn(handle);
    Mockito.when(scheduleClient.listSchedules(ArgumentMatchers.any(), ArgumentMatchers.any()))
        .thenAnswer(inv -> java.util.stream.Stream.empty());
    Mockito.when(
            scheduleClient.createSchedule(
                ArgumentMatchers.anyString(), ArgumentMatchers.any(), ArgumentMatchers.any()))
        .thenReturn(handle);
  }

  /** A tenant of its own for one test. */
  public static String freshTenant() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Replaces the runtime policy file; the mtime moves on each time, so it is always re-read. */
  public static void writePolicyFile(String yaml) {
    try {
      Path tmp = DIR.resolve("policy.yaml.tmp");
      Files.writeString(tmp, yaml);
      Files.setLastModifiedTime(
          tmp,
          FileTime.from(
              Instant.parse("2026-01-01T00:00:00Z").plusSeconds(POLICY_VERSION.incrementAndGet())));
      Files.move(
          tmp,
          POLICY_FILE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- HTTP
  // ---------------------------------------------------------------------------------------

  public record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** Any request: {@code headers} as name, value pairs; {@code body} as bytes (may be null). */
  public Response send(String method, String pathAndQuery, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public Response postJson(String path, String jsonBody, String... headers) {
    return send("POST", path, jsonBody.getBytes(StandardCharsets.UTF_8), withJson(headers));
  }

  public Response patchJson(String path, String jsonBody, String... headers) {
    return send("PATCH", path, jsonBody.getBytes(StandardCharsets.UTF_8), withJson(headers));
  }

  private static String[] withJson(String... headers) {
    List<String> all = new ArrayList<>(List.of(headers));
    all.add("Content-Type");
    all.add("application/json");
    return all.toArray(String[]::new);
  }

  public static String[] key(String apiKey, String... more) {
    List<String> all = new ArrayList<>(List.of("X-API-Key", apiKey));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  public static String[] bearer(String token, String... more) {
    List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + token));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  public JsonNode jsonOf(Response r) {
    try {
      return json.readTree(r.body());
    } catch (RuntimeException e) {
      throw new AssertionError("not JSON: " + r.text(), e);
    }
  }

  /** The contract's problem document: problem+json with type, title, status, detail and code. */
  public JsonNode assertProblem(Response r, int status, String code) {
    assertThat(r.status()).as("status of %s", r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type"))
        .as("content type of %s", r.text())
        .startsWith("application/problem+json");
    JsonNode problem = jsonOf(r);
    for (String field : List.of("type", "title", "status", "detail", "code")) {
      assertThat(problem.has(field)).as("%s in %s", field, r.text()).isTrue();
    }
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    if (code != null) {
      assertThat(problem.get("code").asString()).as(r.text()).isEqualTo(code);
    }
    assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
    return problem;
  }

  // --- fixtures
  // -----------------------------------------------------------------------------------

  /** A job of {@code tenant}, created through the api and then completed with {@code bytes}. */
  public String completedJob(String tenant, byte[] bytes) {
    Response created =
        postJson(
            "/api/v1/exports",
            "{\"type\":\"ledger\",\"range\":{\"from\":\"2026-10-01T00:00:00Z\","
                + "\"to\":\"2026-10-02T00:00:00Z\"}}",
            asTenant(tenant));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = jsonOf(created).get("id").asString();
    ExportJob job = jobIndex.find(tenant, id).orElseThrow().job();
    String fileName = id + ".ndjson";
    String key = ArtifactLocation.keyFor(tenant, id, 1, fileName);
    try {
      Path file = DIR.resolve("data").resolve("artifacts").resolve(key);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Instant done = job.createdAt().plusSeconds(2);
    ExportJob completed =
        job.toBuilder()
            .status(ExportStatus.COMPLETED)
            .startedAt(job.createdAt().plusSeconds(1))
            .completedAt(done)
            .expiresAt(done.plus(Duration.ofDays(30)))
            .runId("run-1")
            .artifact(
                new ExportArtifact(
                    fileName,
                    "application/x-ndjson",
                    bytes.length,
                    Digests.sha256Hex(bytes),
                    bytes.length / 10,
                    null))
            .build();
    assertThat(
            jobIndex.record(new JobSnapshot(completed, 10, new ArtifactLocation("default", key))))
        .isTrue();
    return id;
  }

  // --- JWT
  // ----------------------------------------------------------------------------------------

  public static String token(String tenant, String scope, Map<String, Object> claims) {
    return TestJwt.token(tenant, scope, claims);
  }

  public static String token(String tenant, String scope) {
    return TestJwt.token(tenant, scope, Map.of());
  }

  public static String sign(Map<String, Object> claims, KeyPair key, JWSAlgorithm algorithm) {
    return TestJwt.sign(claims, key, algorithm);
  }

  /** Headers of {@code tenant}'s own admin (a JWT with every tenant scope), then {@code more}. */
  public static String[] asTenant(String tenant, String... more) {
    return bearer(TestJwt.tenantAdmin(tenant), more);
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("exportjobs-api-http-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
