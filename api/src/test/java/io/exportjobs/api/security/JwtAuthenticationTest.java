package io.exportjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import com.nimbusds.jose.JWSAlgorithm;
import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.shared.export.ExportRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** JWT bearer tokens beside API keys: tenant from {@code tenant}, scopes from {@code scope}. */
class JwtAuthenticationTest extends RealHttpTestSupport {

  private static final String ALL =
      "exports:read exports:write exports:admin ledger:read ledger:write";
  private static final String LEDGER_BODY =
      """
      {"type": "ledger",
       "range": {"from": "2026-10-01T00:00:00Z", "to": "2026-11-01T00:00:00Z"}}
      """;

  @BeforeEach
  void gatewayStarts() {
    doAnswer(inv -> "run-" + ((ExportRequest) inv.getArgument(0)).attempt())
        .when(gateway)
        .start(any());
  }

  @Test
  void aValidTokenActsForItsTenantWithItsScopes() {
    String tenant = freshTenant();
    Response policy = get("/api/v1/export-policy", bearer(token(tenant, "exports:read")));
    assertThat(policy.status()).as(policy.text()).isEqualTo(200);
    assertThat(jsonOf(policy).get("tenant").asString()).isEqualTo(tenant);

    // scopes as a JSON list work too
    Response list =
        get(
            "/api/v1/exports",
            bearer(token(tenant, null, Map.of("scope", List.of("exports:read", "ledger:read")))));
    assertThat(list.status()).as(list.text()).isEqualTo(200);

    // the job is the token's tenant's, requested by its subject
    Response created =
        postJson("/api/v1/exports", LEDGER_BODY, bearer(token(tenant, "exports:write")));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    JsonNode job = jsonOf(created);
    assertThat(job.get("tenant").asString()).isEqualTo(tenant);
    assertThat(job.get("requestedBy").asString()).isEqualTo("jwt-user@" + tenant);
    assertThat(get("/api/v1/exports/" + job.get("id").asString(), key(ADMIN)).status())
        .as("another tenant's job is not found")
        .isEqualTo(404);
  }

  @Test
  void scopesAreEnforcedForTokensAsForKeys() {
    String tenant = freshTenant();
    assertProblem(
        postJson("/api/v1/exports", LEDGER_BODY, bearer(token(tenant, "exports:read"))),
        403,
        "forbidden");
    assertProblem(
        get("/api/v1/export-policy", bearer(token(tenant, "ledger:read"))), 403, "forbidden");
    assertProblem(get("/api/v1/ledger/verify", bearer(token(tenant, ""))), 403, "forbidden");
  }

  @Test
  void tenantSwitchNeedsTheOperatorScope() {
    String other = freshTenant();
    assertProblem(
        get("/api/v1/exports", bearer(token("demo", "exports:read"), "X-Tenant-Id", other)),
        403,
        "forbidden");
    // a tenant's admin stays in its tenant
    assertProblem(
        get("/api/v1/export-policy", bearer(token("demo", ALL), "X-Tenant-Id", other)),
        403,
        "forbidden");
    Response asOperator =
        get(
            "/api/v1/export-policy",
            bearer(token("ops", "exports:read tenants:operate"), "X-Tenant-Id", other));
    assertThat(asOperator.status()).as(asOperator.text()).isEqualTo(200);
    assertThat(jsonOf(asOperator).get("tenant").asString()).isEqualTo(other);
    // even an operator token that has ledger scopes cannot use another tenant's ledger
    String operatorWithLedger = token("ops", ALL + " tenants:operate");
    assertProblem(
        get("/api/v1/ledger/verify", bearer(operatorWithLedger, "X-Tenant-Id", other)),
        403,
        "forbidden");
    assertProblem(
        postJson(
            "/api/v1/ledger/entries",
            "{\"entries\":[{\"occurredAt\":\"2026-10-01T08:00:00Z\",\"actor\":\"a\","
                + "\"action\":\"b\",\"resource\":\"c\",\"outcome\":\"success\"}]}",
            bearer(operatorWithLedger, "X-Tenant-Id", other)),
        403,
        "forbidden");
    assertThat(ledger.head(other).seq()).isZero();
  }

  @Test
  void principalsTheLedgerReservesAreRefused() {
    for (String sub : List.of("system", "operator:mallory")) {
      Response r = get("/api/v1/exports", bearer(token("demo", ALL, Map.of("sub", sub))));
      assertProblem(r, 401, "unauthenticated");
    }
  }

  @Test
  void badTokensAre401ProblemsWithTheBearerChallenge() {
    Instant past = Instant.now().minusSeconds(3600);
    Map<String, Object> base = new HashMap<>();
    base.put("iss", ISSUER);
    base.put("aud", AUDIENCE);
    base.put("sub", "mallory");
    base.put("tenant", "demo");
    base.put("scope", ALL);
    base.put("exp", Instant.now().plusSeconds(600));

    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("expired", token("demo", ALL, Map.of("exp", past)));
    bad.put("not yet valid", token("demo", ALL, Map.of("nbf", Instant.now().plusSeconds(3600))));
    bad.put("wrongly signed", sign(base, OTHER_KEY, JWSAlgorithm.RS256));
    bad.put("other issuer", token("demo", ALL, Map.of("iss", "https://evil.example")));
    bad.put("other audience", token("demo", ALL, Map.of("aud", "someone-else")));
    Map<String, Object> noExp = new HashMap<>(base);
    noExp.remove("exp");
    bad.put("no expiry", sign(noExp, SIGNING_KEY, JWSAlgorithm.RS256));
    bad.put("no tenant", token(null, ALL));
    bad.put("invalid tenant", token("../acme", ALL));
    bad.put("tenant with a dash", token("acme-eu", ALL));
    bad.put("tenant not a string", token(null, ALL, Map.of("tenant", List.of("demo", "acme"))));
    bad.put("RS512 not accepted", sign(base, SIGNING_KEY, JWSAlgorithm.RS512));
    String valid = token("demo", ALL);
    String[] parts = valid.split("\\.");
    bad.put("alg none", unsigned(parts[1]));
    bad.put("tampered payload", parts[0] + "." + tamper(parts[1]) + "." + parts[2]);
    bad.put("signature cut", parts[0] + "." + parts[1] + ".");
    bad.put("garbage", "not-a-jwt");
    bad.put("long", "a".repeat(7000));
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Response r = get("/api/v1/exports", bearer(e.getValue()));
      assertProblem(r, 401, "unauthenticated");
      assertThat(r.header("WWW-Authenticate")).as(e.getKey()).startsWith("Bearer");
    }
    // other shapes of the header
    assertProblem(get("/api/v1/exports", "Authorization", "Bearer "), 401, "unauthenticated");
    assertProblem(get("/api/v1/exports", "Authorization", "Basic YTpi"), 401, "unauthenticated");
    // one credential, not two
    assertProblem(
        get("/api/v1/exports", bearer(valid, "X-API-Key", ADMIN)), 401, "unauthenticated");
  }

  @Test
  void apiKeysStillWork() {
    assertThat(get("/api/v1/exports", key(READER)).status()).isEqualTo(200);
    assertProblem(get("/api/v1/exports", key("nope")), 401, "unauthenticated");
    assertProblem(get("/api/v1/exports"), 401, "unauthenticated");
  }

  private static String unsigned(String payload) {
    String header =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    return header + "." + payload + ".";
  }

  /** The payload with its tenant changed to acme, keeping the signature of the original. */
  private static String tamper(String payload) {
    String json = new String(java.util.Base64.getUrlDecoder().decode(payload));
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.replace("\"demo\"", "\"acme\"").getBytes());
  }
}
