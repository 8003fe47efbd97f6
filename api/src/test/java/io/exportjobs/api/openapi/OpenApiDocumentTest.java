package io.exportjobs.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.exportjobs.api.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document says what the api does: its problem answers with their codes, nullable
 * fields, enums and formats, both credentials, nothing internal; and {@code docs/openapi.json},
 * which the generated client is built from, is exactly what {@code /v3/api-docs} serves (rewrite it
 * with {@code -Dopenapi.update=true}).
 */
class OpenApiDocumentTest extends ApiTestSupport {

  static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

  private JsonNode doc;
  private String served;

  @BeforeEach
  void fetch() throws Exception {
    served =
        mvc.perform(get("/v3/api-docs"))
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    doc = json.readTree(served);
  }

  @Test
  void committedCopyIsWhatTheApiServes() throws Exception {
    String normalized = normalize(served);
    if (Boolean.getBoolean("openapi.update")) {
      Files.writeString(COMMITTED, normalized);
    }
    assertThat(Files.readString(COMMITTED))
        .as("docs/openapi.json is stale: run the api tests with -Dopenapi.update=true")
        .isEqualTo(normalized);
  }

  @Test
  void nothingInternalLeaks() {
    assertThat(doc.get("paths").has("/error")).isFalse();
    assertThat(doc.get("components").get("schemas").has("Caller")).isFalse();
    List<String> parameters = new ArrayList<>();
    operations()
        .forEach(
            op -> op.path("parameters").forEach(p -> parameters.add(p.get("name").asString())));
    assertThat(parameters).doesNotContain("caller", "principal", "tenant", "scopes");
    assertThat(doc.get("paths").propertyNames()).allMatch(p -> p.startsWith("/api/v1/"));
  }

  @Test
  void bothCredentialsAreDeclaredAndApplied() {
    JsonNode schemes = doc.get("components").get("securitySchemes");
    assertThat(schemes.get("apiKey").get("type").asString()).isEqualTo("apiKey");
    assertThat(schemes.get("apiKey").get("in").asString()).isEqualTo("header");
    assertThat(schemes.get("apiKey").get("name").asString()).isEqualTo("X-API-Key");
    assertThat(schemes.get("bearer").get("scheme").asString()).isEqualTo("bearer");
    assertThat(schemes.get("bearer").get("bearerFormat").asString()).isEqualTo("JWT");
    assertThat(doc.get("security").toString()).contains("apiKey").contains("bearer");
  }

  @Test
  void everyOperationDeclaresItsProblemAnswersWithCodes() {
    for (JsonNode op : operations()) {
      JsonNode responses = op.get("responses");
      for (String status : List.of("400", "401", "403", "503")) {
        assertThat(responses.has(status)).as(op.get("operationId") + " " + status).isTrue();
        assertThat(responses.get(status).get("content").has("application/problem+json")).isTrue();
      }
    }
    assertThat(codes("/api/v1/exports/{id}", "get", "404")).containsExactly("not_found");
    assertThat(codes("/api/v1/exports", "post", "422"))
        .containsExactlyInAnyOrder("out_of_bounds", "idempotency_key_reused");
    assertThat(codes("/api/v1/exports", "post", "403"))
        .containsExactlyInAnyOrder("forbidden", "policy_denied");
    assertThat(codes("/api/v1/exports/{id}/artifact", "get", "410")).containsExactly("gone");
    assertThat(codes("/api/v1/exports/{id}/artifact", "get", "416"))
        .containsExactly("range_not_satisfiable");
    JsonNode quota = response("/api/v1/exports", "post", "429");
    assertThat(quota.get("headers").has("Retry-After")).isTrue();
    assertThat(
            quota
                .get("content")
                .get("application/problem+json")
                .get("examples")
                .has("quota_exceeded"))
        .isTrue();
  }

  @Test
  void successAnswersHaveTheirRealStatusAndHeaders() {
    assertThat(response("/api/v1/exports", "post", "202").get("headers").has("Location")).isTrue();
    assertThat(response("/api/v1/exports", "post", "202").get("links").has("getExport")).isTrue();
    assertThat(op("/api/v1/exports", "post").get("responses").has("200")).isFalse();
    assertThat(op("/api/v1/ledger/entries", "post").get("responses").has("201")).isTrue();
    assertThat(op("/api/v1/export-schedules/{id}", "delete").get("responses").has("204")).isTrue();
    assertThat(
            response("/api/v1/exports/{id}/artifact", "get", "302").get("headers").has("Location"))
        .isTrue();
  }

  @Test
  void nullableFieldsEnumsAndFormatsAreDeclared() {
    JsonNode schemas = doc.get("components").get("schemas");
    JsonNode job = schemas.get("ExportJob");
    assertThat(job.get("required").toString()).contains("\"artifact\"", "\"error\"", "\"id\"");
    assertThat(job.get("properties").get("artifact").get("anyOf").toString()).contains("\"null\"");
    assertThat(job.get("properties").get("error").get("anyOf").toString()).contains("\"null\"");
    assertThat(job.get("properties").get("completedAt").get("type").toString()).contains("null");
    assertThat(job.get("properties").get("id").get("type").toString()).doesNotContain("null");
    assertThat(job.get("properties").get("status").get("enum").toString())
        .contains("pending", "running", "completed", "expired", "failed", "cancelled");
    assertThat(job.get("properties").get("retention").get("format").asString())
        .isEqualTo("duration");
    assertThat(job.get("properties").get("createdAt").get("format").asString())
        .isEqualTo("date-time");
    assertThat(
            schemas
                .get("PageExportJob")
                .get("properties")
                .get("nextPageToken")
                .get("type")
                .toString())
        .contains("null");
    assertThat(
            schemas
                .get("ChainVerification")
                .get("properties")
                .get("firstBrokenSeq")
                .get("type")
                .toString())
        .contains("null");
    assertThat(schemas.get("Problem").get("required").toString()).contains("code");
    assertThat(op("/api/v1/exports", "get").get("parameters").toString())
        .contains("\"enum\":[\"pending\"");
  }

  @Test
  void theDocumentServesRealExamples() {
    JsonNode example =
        response("/api/v1/exports/{id}", "get", "404")
            .get("content")
            .get("application/problem+json")
            .get("examples")
            .get("not_found")
            .get("value");
    assertThat(example.get("code").asString()).isEqualTo("not_found");
    assertThat(example.get("status").asInt()).isEqualTo(404);
    assertThat(doc.get("components").get("schemas").get("CreateExportRequest").toString())
        .contains("SEC-42");
  }

  private List<String> codes(String path, String method, String status) {
    JsonNode schema =
        response(path, method, status).get("content").get("application/problem+json").get("schema");
    List<String> codes = new ArrayList<>();
    schema
        .get("allOf")
        .get(1)
        .get("properties")
        .get("code")
        .get("enum")
        .forEach(c -> codes.add(c.asString()));
    return codes;
  }

  private JsonNode response(String path, String method, String status) {
    JsonNode r = op(path, method).get("responses").get(status);
    assertThat(r).as(method + " " + path + " " + status).isNotNull();
    return r;
  }

  private JsonNode op(String path, String method) {
    return doc.get("paths").get(path).get(method);
  }

  private List<JsonNode> operations() {
    List<JsonNode> ops = new ArrayList<>();
    doc.get("paths").forEach(item -> item.forEach(ops::add));
    return ops;
  }

  /** Sorted keys, two-space indent, a final newline: the form docs/openapi.json is kept in. */
  static String normalize(String document) {
    JsonMapper sorted =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    Map<?, ?> tree = sorted.readValue(document, Map.class);
    return sorted.writeValueAsString(tree).replace("\r\n", "\n") + "\n";
  }
}
