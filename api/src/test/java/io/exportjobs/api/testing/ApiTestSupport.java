package io.exportjobs.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.exportjobs.api.export.WorkflowGateway;
import io.exportjobs.shared.export.JobQueries;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole api in a mock servlet environment, on a private in-memory H2 database, with the
 * Temporal side ({@link WorkflowGateway}) mocked. Every subclass has the same configuration, so
 * they share one application context; tests keep out of each other's way by using their own job ids
 * or their own tenant ({@link #asTenant}: a JWT of that tenant's admin).
 *
 * <p>The Temporal starter needs no server here: its service stubs connect lazily, and nothing calls
 * the real {@code WorkflowClient} because the gateway is a mock.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.MOCK,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:api-${random.uuid};DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password="
    })
@AutoConfigureMockMvc
@ActiveProfiles("test")
public abstract class ApiTestSupport {

  public static final String ADMIN = "dev-demo-admin";
  public static final String WRITER = "dev-demo-writer";
  public static final String READER = "dev-demo-reader";
  public static final String ACME_ADMIN = "dev-acme-admin";
  public static final String OPERATOR = "dev-operator";
  public static final String BASE = "/api/v1/exports";

  public static final String LEDGER_BODY =
      """
      {"type": "ledger",
       "range": {"from": "2026-10-01T00:00:00Z", "to": "2026-11-01T00:00:00Z"}}
      """;

  public static final Path DATA_DIR = createDataDir();

  @DynamicPropertySource
  public static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("exportjobs.data-dir", DATA_DIR::toString);
    TestJwt.register(registry);
  }

  @Autowired public MockMvc mvc;
  @Autowired public JobStore jobIndex;
  @Autowired public JobQueries jobQueries;
  @Autowired public LedgerStore ledger;
  @Autowired public JsonMapper json;

  @MockitoBean public WorkflowGateway gateway;

  private static Path createDataDir() {
    try {
      Path dir = Files.createTempDirectory("exportjobs-api-test-");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      FileSystemUtils.deleteRecursively(dir);
                    } catch (IOException ignored) {
                      // best effort
                    }
                  }));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tenant of its own for one test: a valid tenant id. */
  public static String freshTenant() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public static MockHttpServletRequestBuilder as(
      MockHttpServletRequestBuilder request, String key) {
    return request.header("X-API-Key", key);
  }

  /** The request as {@code tenant}'s own admin: a JWT with every tenant scope. */
  public static MockHttpServletRequestBuilder asTenant(
      MockHttpServletRequestBuilder request, String tenant) {
    return request.header("Authorization", "Bearer " + TestJwt.tenantAdmin(tenant));
  }

  public static MockHttpServletRequestBuilder postJsonAsTenant(
      String path, String tenant, String body) {
    return asTenant(post(path), tenant).contentType(MediaType.APPLICATION_JSON).content(body);
  }

  public static MockHttpServletRequestBuilder getAsTenant(String path, String tenant) {
    return asTenant(get(path), tenant);
  }

  public static MockHttpServletRequestBuilder postJson(String path, String key, String body) {
    return as(post(path), key).contentType(MediaType.APPLICATION_JSON).content(body);
  }

  public static MockHttpServletRequestBuilder getAs(String path, String key) {
    return as(get(path), key);
  }

  public MvcResult perform(MockHttpServletRequestBuilder request) {
    try {
      return mvc.perform(request).andReturn();
    } catch (Exception e) {
      throw new AssertionError("request failed in MockMvc", e);
    }
  }

  public Map<String, Object> body(MvcResult result) {
    try {
      byte[] bytes = result.getResponse().getContentAsByteArray();
      assertThat(bytes).as("response body").isNotEmpty();
      @SuppressWarnings("unchecked")
      Map<String, Object> map = json.readValue(bytes, Map.class);
      return map;
    } catch (RuntimeException e) {
      throw new AssertionError("response is not a JSON object: " + safeContent(result), e);
    }
  }

  public static String safeContent(MvcResult result) {
    try {
      return result.getResponse().getContentAsString();
    } catch (IOException e) {
      return "<unreadable>";
    }
  }

  /**
   * Creates a job through the api and returns its id: as {@code key}, or, when {@code tenant} is
   * given, as that tenant's admin.
   */
  public String createJob(String key, String tenant, String idempotencyKey, String body) {
    MockHttpServletRequestBuilder request =
        tenant == null ? postJson(BASE, key, body) : postJsonAsTenant(BASE, tenant, body);
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    MvcResult result = perform(request);
    assertThat(result.getResponse().getStatus()).as(safeContent(result)).isEqualTo(202);
    return (String) body(result).get("id");
  }

  /**
   * Checks the problem document of the contract: {@code application/problem+json} with type, title,
   * status, detail and code; for {@code validation_failed}, a non-empty {@code errors} list of
   * {field, message}.
   */
  public Map<String, Object> assertProblem(MvcResult result, int status, String code) {
    String content = safeContent(result);
    assertThat(result.getResponse().getStatus()).as("status of %s", content).isEqualTo(status);
    assertThat(result.getResponse().getContentType())
        .as("content type of %s", content)
        .isNotNull()
        .startsWith("application/problem+json");
    Map<String, Object> problem = body(result);
    assertThat(problem)
        .as("problem %s", content)
        .containsKeys("type", "title", "status", "detail", "code");
    assertThat(problem.get("type")).isInstanceOf(String.class);
    assertThat((String) problem.get("type")).isNotBlank();
    assertThat((String) problem.get("title")).isNotBlank();
    assertThat((String) problem.get("detail")).isNotBlank();
    assertThat(((Number) problem.get("status")).intValue()).isEqualTo(status);
    if (code != null) {
      assertThat(problem.get("code")).as("code of %s", content).isEqualTo(code);
    } else {
      assertThat((String) problem.get("code")).isNotBlank();
    }
    assertThat(content).doesNotContain("Exception").doesNotContain("\tat ");
    return problem;
  }

  /** A 400 validation problem whose errors name (at least) these fields. */
  public Map<String, Object> assertInvalid(MvcResult result, String... fields) {
    Map<String, Object> problem = assertProblem(result, 400, "validation_failed");
    assertThat(problem).as("errors in %s", safeContent(result)).containsKey("errors");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
    assertThat(errors).isNotEmpty();
    for (Map<String, Object> error : errors) {
      assertThat(error).containsKeys("field", "message");
      assertThat((String) error.get("message")).isNotBlank();
    }
    List<Object> named = errors.stream().map(e -> e.get("field")).toList();
    assertThat(named).as("fields of %s", safeContent(result)).contains((Object[]) fields);
    return problem;
  }
}
