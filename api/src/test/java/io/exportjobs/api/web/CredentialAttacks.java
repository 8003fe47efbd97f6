package io.exportjobs.api.web;

import static io.exportjobs.api.testing.RealHttpTestSupport.ADMIN;
import static io.exportjobs.api.testing.RealHttpTestSupport.AUDIENCE;
import static io.exportjobs.api.testing.RealHttpTestSupport.ISSUER;
import static io.exportjobs.api.testing.RealHttpTestSupport.OPERATOR;
import static io.exportjobs.api.testing.RealHttpTestSupport.OTHER_KEY;
import static io.exportjobs.api.testing.RealHttpTestSupport.READER;
import static io.exportjobs.api.testing.RealHttpTestSupport.asTenant;
import static io.exportjobs.api.testing.RealHttpTestSupport.bearer;
import static io.exportjobs.api.testing.RealHttpTestSupport.key;
import static io.exportjobs.api.testing.RealHttpTestSupport.sign;
import static io.exportjobs.api.testing.RealHttpTestSupport.token;
import static io.exportjobs.api.web.Attack.attack;
import static io.exportjobs.api.web.Attack.concat;

import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Bad credentials, and methods and media types the api does not take. */
final class CredentialAttacks {

  private static final String T = Attack.TENANT;

  private CredentialAttacks() {}

  static List<Attack> list(String jobId) {
    List<Attack> list = new ArrayList<>();
    String[] admin = asTenant(T, "Content-Type", "application/json");
    // bad credentials: keys, tokens, expired and wrongly signed JWTs, tenant switches
    List<String[]> credentials = new ArrayList<>();
    credentials.add(new String[] {});
    credentials.add(key(""));
    credentials.add(key(" "));
    credentials.add(key("dev-demo-admin "));
    credentials.add(key("DEV-DEMO-ADMIN"));
    credentials.add(key("' OR '1'='1"));
    credentials.add(key("x".repeat(600)));
    credentials.add(new String[] {"Authorization", "Bearer"});
    credentials.add(new String[] {"Authorization", "Bearer a.b.c"});
    credentials.add(new String[] {"Authorization", "Basic ZGV2LWRlbW8tYWRtaW46"});
    credentials.add(new String[] {"Authorization", "dev-demo-admin"});
    credentials.add(
        bearer(token("demo", "exports:read", Map.of("exp", Instant.now().minusSeconds(120)))));
    credentials.add(
        bearer(
            sign(
                Map.of(
                    "iss",
                    ISSUER,
                    "aud",
                    AUDIENCE,
                    "sub",
                    "m",
                    "tenant",
                    "demo",
                    "scope",
                    "exports:read",
                    "exp",
                    Instant.now().plusSeconds(600)),
                OTHER_KEY,
                JWSAlgorithm.RS256)));
    credentials.add(bearer("eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJkZW1vIn0."));
    credentials.add(key(READER, "X-Tenant-Id", "acme"));
    credentials.add(key(ADMIN, "X-Tenant-Id", "acme"));
    credentials.add(key(OPERATOR, "X-Tenant-Id", "../acme"));
    credentials.add(key(OPERATOR, "X-Tenant-Id", "acme-eu"));
    credentials.add(key(OPERATOR, "X-Tenant-Id", T));
    credentials.add(key(ADMIN, "X-Tenant-Id", "../acme"));
    credentials.add(key(ADMIN, "X-Tenant-Id", "acme' OR '1'='1"));
    credentials.add(key(ADMIN, "X-Tenant-Id", "A".repeat(100)));
    credentials.add(key(ADMIN, "X-Tenant-Id", ""));
    for (String[] c : credentials) {
      list.add(new Attack("credential", "GET", "/api/v1/exports", null, c));
      list.add(new Attack("credential", "GET", "/api/v1/ledger/verify", null, c));
      list.add(
          new Attack(
              "credential",
              "POST",
              "/api/v1/ledger/entries",
              "{\"entries\":[{\"occurredAt\":\"2026-10-01T08:00:00Z\",\"actor\":\"a\",\"action\":\"b\",\"resource\":\"c\",\"outcome\":\"success\"}]}"
                  .getBytes(StandardCharsets.UTF_8),
              concat(c, "Content-Type", "application/json")));
    }
    // methods and media types the api does not take
    list.add(attack("method", "PUT", "/api/v1/exports", "{}", admin));
    list.add(attack("method", "DELETE", "/api/v1/exports", null, admin));
    list.add(attack("method", "PATCH", "/api/v1/ledger/entries", "{}", admin));
    list.add(attack("method", "POST", "/api/v1/ledger/verify", "{}", admin));
    list.add(attack("method", "TRACE", "/api/v1/exports", null, admin));
    list.add(
        new Attack(
            "media type",
            "POST",
            "/api/v1/exports",
            "<export type=\"ledger\"/>".getBytes(StandardCharsets.UTF_8),
            asTenant(T, "Content-Type", "application/xml")));
    list.add(
        new Attack(
            "media type",
            "POST",
            "/api/v1/exports",
            "type=ledger".getBytes(StandardCharsets.UTF_8),
            asTenant(T, "Content-Type", "application/x-www-form-urlencoded")));
    list.add(
        new Attack("accept", "GET", "/api/v1/exports", null, asTenant(T, "Accept", "text/csv")));
    list.add(
        new Attack(
            "range header",
            "GET",
            "/api/v1/exports/" + jobId + "/artifact",
            null,
            asTenant(T, "Range", "bytes=999999999-")));
    list.add(attack("unknown route", "GET", "/api/v1/../../etc/passwd", null, admin));
    list.add(attack("unknown route", "GET", "/api/v2/exports", null, admin));
    list.add(attack("path parameter", "GET", "/api;x=1/v1/exports", null, new String[] {}));
    list.add(attack("double slash", "GET", "//api/v1/exports", null, new String[] {}));
    return list;
  }
}
