package io.exportjobs.api.openapi;

import static io.exportjobs.api.openapi.SchemaPatch.array;
import static io.exportjobs.api.openapi.SchemaPatch.enumString;
import static io.exportjobs.api.openapi.SchemaPatch.integer;
import static io.exportjobs.api.openapi.SchemaPatch.object;
import static io.exportjobs.api.openapi.SchemaPatch.ref;
import static io.exportjobs.api.openapi.SchemaPatch.string;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Adds every problem answer a route can give to its operation: the ones every authenticated route
 * can give ({@link #COMMON}) and the route's own ({@link ProblemAnswer}), each as {@code
 * application/problem+json} whose {@code code} is one of the codes listed for that status, with an
 * example per code.
 */
final class ApiDocsCustomizer implements OperationCustomizer {

  static final String PROBLEM = "application/problem+json";

  /** What any {@code /api/v1} route may answer, whatever it does. */
  static final List<Answer> COMMON =
      List.of(
          new Answer(
              400,
              "validation_failed",
              "a Content-Type, query parameter or X-Tenant-Id that does not parse"),
          new Answer(401, "unauthenticated", "no credential, or one that is not valid"),
          new Answer(403, "forbidden", "the credential lacks the scope, or names another tenant"),
          new Answer(406, "not_acceptable", "the Accept header rules out every answer"),
          new Answer(413, "payload_too_large", "a body over the limit (1 MB; ledger 64 MB)"),
          new Answer(415, "unsupported_media_type", "a body that is not JSON, or a multipart type"),
          new Answer(503, "unavailable", "the database, Temporal or the ledger is unavailable"));

  /** One status and code, and when it is answered. */
  record Answer(int status, String code, String when) {}

  /** The title that goes with each code, as the api writes it. */
  static final Map<String, String> TITLES =
      Map.ofEntries(
          Map.entry("validation_failed", "Invalid request"),
          Map.entry("unauthenticated", "Authentication required"),
          Map.entry("forbidden", "Forbidden"),
          Map.entry("policy_denied", "Denied by export policy"),
          Map.entry("not_found", "Not found"),
          Map.entry("conflict", "Conflict"),
          Map.entry("gone", "Gone"),
          Map.entry("idempotency_key_reused", "Idempotency-Key reused"),
          Map.entry("out_of_bounds", "Outside the export policy's bounds"),
          Map.entry("receiver_not_allowed", "Receiver not allowed"),
          Map.entry("quota_exceeded", "Quota exceeded"),
          Map.entry("unavailable", "Service unavailable"),
          Map.entry("not_acceptable", "Not Acceptable"),
          Map.entry("method_not_allowed", "Method Not Allowed"),
          Map.entry("payload_too_large", "Request body too large"),
          Map.entry("unsupported_media_type", "Unsupported media type"),
          Map.entry("range_not_satisfiable", "Range not satisfiable"));

  /**
   * Query and header parameters that mean the same on every route, with the limits checked; path
   * ids by the resource they name.
   */
  static void parameters(io.swagger.v3.oas.models.OpenAPI api) {
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperations()
                    .forEach(
                        operation -> {
                          if (operation.getParameters() == null) {
                            return;
                          }
                          for (var parameter : operation.getParameters()) {
                            Schema schema =
                                "path".equals(parameter.getIn()) && "id".equals(parameter.getName())
                                    ? pathId(path)
                                    : parameterSchema(parameter.getName());
                            if (schema != null) {
                              parameter.setSchema(schema);
                            }
                            // the api reads them as optional so that their absence is a
                            // problem naming them; a request without one is not valid
                            if (java.util.Set.of("cron", "seq", "fromSize")
                                .contains(parameter.getName())) {
                              parameter.setRequired(true);
                            }
                          }
                        }));
  }

  private static Schema pathId(String path) {
    if (path.startsWith("/api/v1/export-schedules/")) {
      return string().pattern(ApiDocs.SCHEDULE_ID_PATTERN).not(string()._const("preview"));
    }
    if (path.startsWith("/api/v1/webhooks/")) {
      return string().pattern(ApiDocs.WEBHOOK_ID_PATTERN);
    }
    return string().pattern(ApiDocs.JOB_ID_PATTERN);
  }

  static Schema<Object> parameterSchema(String name) {
    return switch (name) {
      case "status" -> SchemaPatch.array(enumString(ApiDocsSchemas.STATUSES));
      case "type" -> SchemaPatch.array(enumString(ApiDocsSchemas.TYPES));
      case "outcome" -> SchemaPatch.array(enumString(ApiDocsSchemas.OUTCOMES));
      case "label" -> SchemaPatch.array(string().pattern("^[^:]+:").example("ticket:SEC-42"));
      case "pageSize" ->
          integer("int32")
              .minimum(java.math.BigDecimal.ONE)
              .maximum(java.math.BigDecimal.valueOf(200))
              .description("1..200, default 50");
      case "pageToken" ->
          string().minLength(1).maxLength(512).description("opaque, from nextPageToken");
      case "fromSeq", "toSeq", "seq" -> integer("int64").minimum(java.math.BigDecimal.ONE);
      case "treeSize", "fromSize", "toSize" ->
          integer("int64")
              .minimum(java.math.BigDecimal.ZERO)
              .description("a tree size: 0 up to the ledger's head seq (default: the head)");
      case "from", "to" -> SchemaPatch.dateTimeInput("2026-10-01T00:00:00Z");
      case "count" ->
          integer("int32")
              .minimum(java.math.BigDecimal.ONE)
              .maximum(java.math.BigDecimal.valueOf(100));
      case "cron" -> string().minLength(1).example("0 2 * * *");
      case "timezone" -> timezone();
      case "Idempotency-Key" ->
          string()
              .pattern("^[\\x21-\\x7e]{1,255}$")
              .description(
                  "1 to 255 visible ASCII characters; the same key and body answer the same job")
              .example("october-2026");
      default -> null;
    };
  }

  /**
   * The time zones a schedule takes: {@code UTC} and the IANA names this JVM knows, the only ones
   * the api accepts (no offsets). A pattern, not an enum: generated clients would turn the names
   * into constants that collide ({@code Etc/GMT+1}, {@code Etc/GMT-1}).
   */
  static Schema<Object> timezone() {
    java.util.TreeSet<String> zones =
        new java.util.TreeSet<>(java.time.ZoneId.getAvailableZoneIds());
    zones.add("UTC");
    StringBuilder names = new StringBuilder();
    for (String zone : zones) {
      names.append(names.isEmpty() ? "" : "|").append(zone.replaceAll("([+.])", "\\\\$1"));
    }
    return string()
        .pattern("^(" + names + ")$")
        .maxLength(64)
        .example("Europe/Berlin")
        .description("an IANA time zone name (as java.time knows them) or UTC; default UTC");
  }

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    Map<Integer, List<Answer>> byStatus = new TreeMap<>();
    for (Answer a : COMMON) {
      byStatus.computeIfAbsent(a.status(), s -> new ArrayList<>()).add(a);
    }
    for (ProblemAnswer p : handler.getMethod().getAnnotationsByType(ProblemAnswer.class)) {
      for (String code : p.codes()) {
        byStatus
            .computeIfAbsent(p.status(), s -> new ArrayList<>())
            .add(new Answer(p.status(), code, p.when()));
      }
    }
    ApiResponses responses = operation.getResponses();
    if (responses == null) {
      responses = new ApiResponses();
      operation.setResponses(responses);
    }
    for (Map.Entry<Integer, List<Answer>> e : byStatus.entrySet()) {
      responses.addApiResponse(
          String.valueOf(e.getKey()), problemResponse(e.getKey(), e.getValue()));
    }
    return operation;
  }

  private static ApiResponse problemResponse(int status, List<Answer> answers) {
    Map<String, String> whenByCode = new LinkedHashMap<>();
    for (Answer a : answers) {
      whenByCode.merge(a.code(), a.when(), (x, y) -> x.equals(y) ? x : x + "; " + y);
    }
    StringBuilder description = new StringBuilder("Problem (RFC 9457):");
    whenByCode.forEach(
        (code, when) ->
            description.append(" `").append(code).append("` ").append(when).append(";"));
    description.setLength(description.length() - 1);
    // the Problem schema, with `code` narrowed to the codes of this status
    Schema codes = enumString(whenByCode.keySet().toArray(String[]::new));
    Schema narrowed =
        new JsonSchema()
            .allOf(
                List.of(
                    ref("Problem"),
                    object().properties(new LinkedHashMap<>(Map.of("code", codes)))));
    MediaType media = new MediaType().schema(narrowed);
    whenByCode.forEach(
        (code, when) -> {
          Map<String, Object> example = new LinkedHashMap<>();
          example.put("type", "urn:exportjobs:problem:" + code);
          example.put("title", TITLES.getOrDefault(code, code));
          example.put("status", status);
          example.put("detail", when);
          example.put("code", code);
          if (status == 400) {
            example.put("errors", List.of(Map.of("field", "range", "message", "is required")));
          }
          media.addExamples(code, new Example().summary(when).value(example));
        });
    ApiResponse response =
        new ApiResponse()
            .description(description.toString())
            .content(new Content().addMediaType(PROBLEM, media));
    if (status == 429 || status == 503) {
      response.addHeaderObject(
          "Retry-After",
          new Header()
              .description("seconds to wait before trying again")
              .schema(integer("int32").minimum(java.math.BigDecimal.ONE)));
    }
    if (status == 401) {
      response.addHeaderObject(
          "WWW-Authenticate", new Header().description("how to authenticate").schema(string()));
    }
    return response;
  }

  /** The problem document of the contract: RFC 9457 with {@code code} and {@code errors}. */
  static Schema<Object> problemSchema() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put(
        "type",
        string()
            .format("uri")
            .description("urn:exportjobs:problem:<code>")
            .example("urn:exportjobs:problem:not_found"));
    properties.put("title", string().example("Not found"));
    properties.put(
        "status",
        integer("int32")
            .minimum(java.math.BigDecimal.valueOf(400))
            .maximum(java.math.BigDecimal.valueOf(599)));
    properties.put("detail", string().example("export exp-demo-01J9 does not exist"));
    properties.put("instance", string().format("uri-reference"));
    properties.put("code", string().description("stable, machine-readable").example("not_found"));
    properties.put(
        "errors",
        array(ref("FieldError"))
            .description("the invalid inputs, for validation_failed and out_of_bounds"));
    Schema problem = object().properties(properties);
    problem.setRequired(new ArrayList<>(List.of("type", "title", "status", "detail", "code")));
    problem.setDescription("An error (RFC 9457 problem details) with a stable `code`");
    return problem;
  }

  static Schema<Object> fieldErrorSchema() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put("field", string().example("range.from"));
    properties.put("message", string().example("must be before to (the range is [from, to))"));
    Schema error = object().properties(properties);
    error.setRequired(new ArrayList<>(List.of("field", "message")));
    return error;
  }

  static Set<String> statuses(Operation operation) {
    return new LinkedHashSet<>(operation.getResponses().keySet());
  }
}
