package io.exportjobs.api.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.exportjobs.api.testing.ApiTestSupport;
import io.exportjobs.pack.ledger.ChainHead;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

/** Bad input of every kind is answered 4xx with the contract's problem JSON, never 5xx. */
class BadInputTest extends ApiTestSupport {

  private static final String RANGE =
      "\"range\": {\"from\": \"2026-10-01T00:00:00Z\", \"to\": \"2026-11-01T00:00:00Z\"}";

  private MvcResult postExport(String body) {
    return perform(postJson(BASE, WRITER, body));
  }

  // ---------------------------------------------------------------- POST /exports bodies

  @Test
  void malformedJson() {
    assertProblem(postExport("{\"type\": \"ledger\","), 400, "validation_failed");
    assertProblem(postExport("not json at all"), 400, "validation_failed");
    assertProblem(postExport(""), 400, "validation_failed");
    verify(gateway, never()).start(any());
  }

  /**
   * Contract: invalid input carries {@code errors: [{field, message}]}; a body that is not JSON at
   * all (or missing) names the field {@code body}.
   */
  @Test
  void everyValidationProblemNamesAField() {
    assertInvalid(postExport("{\"type\": \"ledger\","), "body");
    assertInvalid(postExport(""), "body");
  }

  /** A format of another type is refused, and a snapshot must not have a range.from. */
  @Test
  void formatsBelongToTheirTypeAndRestrictedTypesAreDenied() {
    assertInvalid(
        postExport("{\"type\": \"evidence_pack\", \"format\": \"csv\", " + RANGE + "}"), "format");
    assertInvalid(
        postExport("{\"type\": \"audit_report\", \"format\": \"tar.gz\", " + RANGE + "}"),
        "format");
    // the policy comes first: a restricted snapshot without exports:admin is denied as such
    assertProblem(
        postExport("{\"type\": \"snapshot\", \"range\": {\"to\": \"2026-11-01T00:00:00Z\"}}"),
        403,
        "policy_denied");
    verify(gateway, never()).start(any());
  }

  @Test
  void unknownType() {
    assertInvalid(postExport("{\"type\": \"everything\", " + RANGE + "}"), "type");
  }

  @Test
  void unknownFormat() {
    assertInvalid(
        postExport("{\"type\": \"ledger\", \"format\": \"xlsx\", " + RANGE + "}"), "format");
  }

  @Test
  void formatNotAllowedForType() {
    assertInvalid(
        postExport("{\"type\": \"ledger\", \"format\": \"zip\", " + RANGE + "}"), "format");
    assertInvalid(
        postExport("{\"type\": \"ledger\", \"format\": \"html\", " + RANGE + "}"), "format");
  }

  @Test
  void fromNotBeforeTo() {
    assertInvalid(
        postExport(
            "{\"type\": \"ledger\", \"range\": {\"from\": \"2026-11-01T00:00:00Z\","
                + " \"to\": \"2026-11-01T00:00:00Z\"}}"),
        "range");
    assertInvalid(
        postExport(
            "{\"type\": \"ledger\", \"range\": {\"from\": \"2026-12-01T00:00:00Z\","
                + " \"to\": \"2026-11-01T00:00:00Z\"}}"),
        "range");
    verify(gateway, never()).start(any());
  }

  @Test
  void missingRangeOrType() {
    assertInvalid(postExport("{\"type\": \"ledger\"}"), "range");
    assertInvalid(postExport("{" + RANGE + "}"), "type");
    assertInvalid(postExport("{}"), "type", "range");
    assertInvalid(postExport("{\"type\": \"ledger\", \"range\": {}}"), "range.to");
  }

  @Test
  void numberForType() {
    // refused, whether as a type error or (Jackson coerces scalars) as an unknown type
    assertInvalid(postExport("{\"type\": 5, " + RANGE + "}"), "type");
  }

  @Test
  void arrayForLabels() {
    assertInvalid(postExport("{\"type\": \"ledger\", " + RANGE + ", \"labels\": []}"), "labels");
  }

  @Test
  void stringForRange() {
    assertInvalid(postExport("{\"type\": \"ledger\", \"range\": \"last week\"}"), "range");
  }

  @Test
  void stringForFilterList() {
    assertInvalid(
        postExport("{\"type\": \"ledger\", " + RANGE + ", \"filters\": {\"actors\": \"bob\"}}"),
        "filters.actors");
  }

  @Test
  void arrayForBody() {
    assertProblem(postExport("[1, 2, 3]"), 400, "validation_failed");
    verify(gateway, never()).start(any());
  }

  /**
   * BUG: a value Jackson cannot convert ({@code "yesterday"} for an instant) is refused with 400,
   * but without {@code errors} and without naming the field: {@code ProblemHandler} looks at {@code
   * getMostSpecificCause()}, which is the {@code DateTimeParseException} underneath the {@code
   * DatabindException} that carries the path.
   */
  @Test
  void unparsableInstantNamesItsField() {
    MvcResult result =
        postExport(
            "{\"type\": \"ledger\", \"range\": {\"from\": \"yesterday\", \"to\":"
                + " \"2026-11-01T00:00:00Z\"}}");
    assertProblem(result, 400, "validation_failed");
    assertInvalid(result, "range.from");
    verify(gateway, never()).start(any());
  }

  @Test
  void badRetentionLabelsFiltersAndTarget() {
    assertInvalid(
        postExport("{\"type\": \"ledger\", " + RANGE + ", \"retention\": \"P2Y\"}"), "retention");
    assertProblem(
        postExport("{\"type\": \"ledger\", " + RANGE + ", \"retention\": \"P400D\"}"),
        422,
        "out_of_bounds");
    assertInvalid(
        postExport("{\"type\": \"ledger\", " + RANGE + ", \"target\": \"s3-nowhere\"}"), "target");
    assertInvalid(
        postExport("{\"type\": \"ledger\", " + RANGE + ", \"labels\": {\"bad key!\": \"x\"}}"),
        "labels");
    assertInvalid(
        postExport(
            "{\"type\": \"ledger\", " + RANGE + ", \"filters\": {\"outcomes\": [\"maybe\"]}}"),
        "filters.outcomes");
    assertInvalid(
        perform(
            postJson(BASE, WRITER, "{\"type\": \"ledger\", " + RANGE + "}")
                .header("Idempotency-Key", "has space")),
        "Idempotency-Key");
    verify(gateway, never()).start(any());
  }

  @Test
  void rangeSpanOverThePolicyIs422() {
    MvcResult result =
        postExport(
            "{\"type\": \"ledger\", \"range\": {\"from\": \"2024-01-01T00:00:00Z\","
                + " \"to\": \"2026-01-01T00:00:00Z\"}}");
    assertProblem(result, 422, "out_of_bounds");
  }

  /**
   * BUG: filter values are each limited (100 values of up to 1,024 characters per field), but
   * together they can exceed the job index's {@code filters VARCHAR(65536)}; the insert then fails
   * and the api answers 503 for what is bad input.
   */
  @Test
  void oversizedFiltersAreRefusedAsInput() {
    String value = "a".repeat(1000);
    String actors = String.join(",", java.util.Collections.nCopies(100, "\"" + value + "\""));
    MvcResult result =
        postExport(
            "{\"type\": \"ledger\", " + RANGE + ", \"filters\": {\"actors\": [" + actors + "]}}");
    assertThat(result.getResponse().getStatus())
        .as("status for 100 KB of filters: %s", safeContent(result))
        .isBetween(400, 499);
    assertProblem(result, result.getResponse().getStatus(), null);
  }

  /**
   * BUG: {@code Instant} accepts years up to ±1,000,000,000 but {@code OffsetDateTime} (used for
   * every SQL timestamp) does not; such a range passes validation and the job index insert throws a
   * bare {@code DateTimeException}, answered 500.
   */
  @Test
  void extremeYearsInTheRangeAreRefusedAsInput() {
    MvcResult result =
        postExport(
            "{\"type\": \"ledger\", \"range\": {\"from\": \"+1000000000-01-01T00:00:00Z\","
                + " \"to\": \"+1000000000-12-01T00:00:00Z\"}}");
    assertThat(result.getResponse().getStatus())
        .as("status: %s", safeContent(result))
        .isBetween(400, 499);
    assertProblem(result, result.getResponse().getStatus(), null);
  }

  @Test
  void tenMegabyteBodyIs413() {
    String big = "{\"type\": \"ledger\", \"note\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}";
    MvcResult result = postExport(big);
    assertProblem(result, 413, null);
    verify(gateway, never()).start(any());
  }

  // ---------------------------------------------------------------- identity

  @Test
  void unknownJobIdIs404() {
    assertProblem(perform(getAs(BASE + "/exp-demo-NOSUCHJOB", READER)), 404, "not_found");
    assertProblem(perform(getAs(BASE + "/" + "x".repeat(300), READER)), 404, "not_found");
    assertProblem(perform(as(post(BASE + "/exp-demo-NOSUCHJOB/cancel"), WRITER)), 404, "not_found");
    assertProblem(perform(as(post(BASE + "/exp-demo-NOSUCHJOB/retry"), WRITER)), 404, "not_found");
    assertProblem(perform(getAs(BASE + "/exp-demo-NOSUCHJOB/artifact", READER)), 404, "not_found");
  }

  @Test
  void noApiKeyIs401() {
    MvcResult result = perform(get(BASE));
    assertProblem(result, 401, "unauthenticated");
    assertThat(result.getResponse().getHeader("WWW-Authenticate")).isNotBlank();
    assertProblem(
        perform(post(BASE).contentType(MediaType.APPLICATION_JSON).content(LEDGER_BODY)),
        401,
        "unauthenticated");
    assertProblem(perform(get(BASE).header("X-API-Key", "")), 401, "unauthenticated");
  }

  @Test
  void wrongApiKeyIs401() {
    assertProblem(perform(getAs(BASE, "dev-demo-nobody")), 401, "unauthenticated");
    assertProblem(perform(getAs(BASE, "x".repeat(2000))), 401, "unauthenticated");
    // the hash of a key is not the key
    assertProblem(
        perform(getAs(BASE, "f80c62763a0476482b8d80469af5ac2c95bb3b301d083d051d163c2d97b13ef4")),
        401,
        "unauthenticated");
  }

  @Test
  void readerCannotWrite() {
    assertProblem(perform(postJson(BASE, READER, LEDGER_BODY)), 403, "forbidden");
    assertProblem(
        perform(postJson("/api/v1/ledger/entries", READER, ledgerBody(entryJson("success")))),
        403,
        "forbidden");
    verify(gateway, never()).start(any());
  }

  @Test
  void tenantHeaderNeedsTheOperatorScopeAndAValidName() {
    assertProblem(perform(getAs(BASE, WRITER).header("X-Tenant-Id", "acme")), 403, "forbidden");
    assertProblem(perform(getAs(BASE, ADMIN).header("X-Tenant-Id", "acme")), 403, "forbidden");
    assertInvalid(
        perform(getAs(BASE, OPERATOR).header("X-Tenant-Id", "NOT valid!")), "X-Tenant-Id");
  }

  // ---------------------------------------------------------------- lists

  @Test
  void badPageSizes() {
    for (String size : List.of("0", "201", "-5")) {
      assertInvalid(perform(getAs(BASE + "?pageSize=" + size, READER)), "pageSize");
      assertInvalid(perform(getAs("/api/v1/ledger/entries?pageSize=" + size, READER)), "pageSize");
    }
    assertInvalid(perform(getAs(BASE + "?pageSize=abc", READER)), "pageSize");
    assertInvalid(perform(getAs("/api/v1/ledger/entries?pageSize=abc", READER)), "pageSize");
    assertInvalid(perform(getAs(BASE + "?pageSize=99999999999", READER)), "pageSize");
  }

  @Test
  void garbagePageToken() {
    for (String token : List.of("garbage", "%25%25%25", "AAAA", "x".repeat(600))) {
      assertInvalid(perform(getAs(BASE + "?pageToken=" + token, READER)), "pageToken");
      assertInvalid(
          perform(getAs("/api/v1/ledger/entries?pageToken=" + token, READER)), "pageToken");
    }
    assertInvalid(perform(getAs(BASE + "?pageToken=", READER)), "pageToken");
    assertInvalid(
        perform(getAs("/api/v1/ledger/entries?pageToken=" + b64("seq:-1"), READER)), "pageToken");
  }

  /**
   * BUG: a page token that decodes to a far-out instant passes {@code JobPageToken.decode} and then
   * throws {@code DateTimeException} while the query is built: 500.
   */
  @Test
  void craftedPageTokenWithExtremeInstantIs400() {
    assertInvalid(
        perform(getAs(BASE + "?pageToken=" + b64("+1000000000-12-31T23:59:59Z|x"), READER)),
        "pageToken");
  }

  private static String b64(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unknownFilters() {
    assertInvalid(perform(getAs(BASE + "?status=finished", READER)), "status");
    assertInvalid(perform(getAs(BASE + "?status=failed&status=nope", READER)), "status");
    assertInvalid(perform(getAs(BASE + "?type=spreadsheet", READER)), "type");
    assertInvalid(perform(getAs(BASE + "?label=nocolon", READER)), "label");
    assertInvalid(perform(getAs("/api/v1/ledger/entries?outcome=maybe", READER)), "outcome");
    assertInvalid(perform(getAs("/api/v1/ledger/entries?from=yesterday", READER)), "from");
    assertInvalid(
        perform(
            getAs(
                "/api/v1/ledger/entries?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z",
                READER)),
        "from");
  }

  /** BUG: same root cause as the page token: an extreme instant in a query parameter is a 500. */
  @Test
  void ledgerRangeWithExtremeYearIs400() {
    MvcResult result =
        perform(getAs("/api/v1/ledger/entries?from=%2B1000000000-01-01T00:00:00Z", READER));
    assertThat(result.getResponse().getStatus())
        .as("status: %s", safeContent(result))
        .isBetween(400, 499);
    assertProblem(result, result.getResponse().getStatus(), null);
  }

  // ---------------------------------------------------------------- routing

  @Test
  void unknownPathIs404Problem() {
    assertProblem(perform(getAs("/api/v1/nope", READER)), 404, "not_found");
    assertProblem(perform(getAs("/api/v1/exports/a/b/c", READER)), 404, "not_found");
  }

  @Test
  void wrongMethodIs405Problem() {
    MvcResult result =
        perform(as(put(BASE), WRITER).contentType(MediaType.APPLICATION_JSON).content("{}"));
    assertProblem(result, 405, null);
    assertProblem(perform(as(delete("/api/v1/ledger/entries"), WRITER)), 405, null);
  }

  @Test
  void unsupportedMediaTypeIsAProblem() {
    MvcResult result =
        perform(as(post(BASE), WRITER).contentType(MediaType.TEXT_PLAIN).content(LEDGER_BODY));
    assertProblem(result, 415, null);
  }

  // ---------------------------------------------------------------- ledger append

  private static String entryJson(String outcome) {
    return "{\"occurredAt\": \"2026-10-05T10:00:00Z\", \"actor\": \"alice\", \"action\":"
        + " \"login\", \"resource\": \"user:alice\", \"outcome\": \""
        + outcome
        + "\"}";
  }

  private static String ledgerBody(String... entries) {
    return "{\"entries\": [" + String.join(",", entries) + "]}";
  }

  private MvcResult appendAs(String tenant, String body) {
    return perform(postJsonAsTenant("/api/v1/ledger/entries", tenant, body));
  }

  @Test
  void ledgerAppendBadBatches() {
    String tenant = freshTenant();
    assertThat(appendAs(tenant, ledgerBody(entryJson("success"))).getResponse().getStatus())
        .isEqualTo(201);
    ChainHead before = ledger.head(tenant);

    assertInvalid(appendAs(tenant, ledgerBody()), "entries");
    assertInvalid(appendAs(tenant, "{}"), "entries");
    assertInvalid(appendAs(tenant, "{\"entries\": null}"), "entries");

    String[] many = new String[10_001];
    java.util.Arrays.fill(many, entryJson("success"));
    assertInvalid(appendAs(tenant, ledgerBody(many)), "entries");

    assertInvalid(appendAs(tenant, ledgerBody(entryJson("maybe"))), "entries[0].outcome");

    String bigAttributes =
        "{\"occurredAt\": \"2026-10-05T10:00:00Z\", \"actor\": \"a\", \"action\": \"b\","
            + " \"resource\": \"c\", \"outcome\": \"success\", \"attributes\": {\"blob\": \""
            + "x".repeat(17 * 1024)
            + "\"}}";
    assertInvalid(appendAs(tenant, ledgerBody(bigAttributes)), "entries[0].attributes");

    String longActor = entryJson("success").replace("\"alice\"", "\"" + "a".repeat(300) + "\"");
    assertInvalid(appendAs(tenant, ledgerBody(longActor)), "entries[0].actor");
    String noTime = entryJson("success").replace("\"occurredAt\": \"2026-10-05T10:00:00Z\", ", "");
    assertInvalid(appendAs(tenant, ledgerBody(noTime)), "entries[0].occurredAt");
    assertProblem(
        appendAs(tenant, ledgerBody(entryJson("success").replace("2026-10-05T10:00:00Z", "soon"))),
        400,
        "validation_failed");
    assertInvalid(
        appendAs(tenant, "{\"entries\": [{\"attributes\": [1, 2]}]}"), "entries[0].attributes");

    // a batch that is fine except for its third entry appends nothing
    assertInvalid(
        appendAs(
            tenant,
            ledgerBody(
                entryJson("success"),
                entryJson("failure"),
                entryJson("bogus"),
                entryJson("denied"))),
        "entries[2].outcome");

    assertThat(ledger.head(tenant)).isEqualTo(before);
    assertThat(before.seq()).isEqualTo(1);
  }

  /** BUG (as {@link #unparsableInstantNamesItsField}): no {@code errors} for a bad occurredAt. */
  @Test
  void ledgerUnparsableInstantNamesItsField() {
    assertInvalid(
        appendAs(
            freshTenant(),
            ledgerBody(entryJson("success").replace("2026-10-05T10:00:00Z", "soon"))),
        "entries[0].occurredAt");
  }

  /** BUG: same root cause as the page token: an entry in year 1,000,000,000 is answered 500. */
  @Test
  void ledgerAppendWithExtremeYearIs400() {
    String tenant = freshTenant();
    MvcResult result =
        appendAs(
            tenant,
            ledgerBody(
                entryJson("success")
                    .replace("2026-10-05T10:00:00Z", "+1000000000-01-01T00:00:00Z")));
    assertThat(result.getResponse().getStatus())
        .as("status: %s", safeContent(result))
        .isBetween(400, 499);
    assertThat(ledger.head(tenant).seq()).isZero();
  }

  @Test
  void ledgerAppendNeedsABody() {
    assertProblem(
        perform(postJson("/api/v1/ledger/entries", WRITER, "")), 400, "validation_failed");
    assertProblem(
        perform(postJson("/api/v1/ledger/entries", WRITER, "{\"entries\": [")),
        400,
        "validation_failed");
  }
}
