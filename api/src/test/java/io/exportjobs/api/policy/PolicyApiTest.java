package io.exportjobs.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.shared.export.ExportRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /export-policy, GET /export-types, and the policy's 403 / 422 answers on POST /exports. */
class PolicyApiTest extends RealHttpTestSupport {

  private static final String RANGE =
      "\"range\": {\"from\": \"2026-10-01T00:00:00Z\", \"to\": \"2026-10-02T00:00:00Z\"}";

  @BeforeEach
  void gatewayStarts() {
    doAnswer(inv -> "run-" + ((ExportRequest) inv.getArgument(0)).attempt())
        .when(gateway)
        .start(any());
  }

  @AfterEach
  void noPolicyFile() {
    writePolicyFile("");
  }

  private Response create(String tenant, String body) {
    return postJson("/api/v1/exports", body, asTenant(tenant));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  @Test
  void exportPolicyShowsTheContractsDefaults() {
    Response r = get("/api/v1/export-policy", key(READER));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode p = jsonOf(r);
    assertThat(p.get("tenant").asString()).isEqualTo("demo");
    assertThat(strings(p.get("allowedTypes")))
        .containsExactly("ledger", "evidence_pack", "audit_report", "snapshot");
    assertThat(strings(p.get("restrictedTypes"))).containsExactly("snapshot");
    assertThat(strings(p.get("allowedFormats").get("ledger")))
        .containsExactly("ndjson", "csv", "json");
    assertThat(strings(p.get("allowedFormats").get("evidence_pack")))
        .containsExactly("tar.gz", "zip");
    assertThat(strings(p.get("allowedFormats").get("audit_report")))
        .containsExactly("html", "json", "csv");
    assertThat(strings(p.get("allowedFormats").get("snapshot"))).containsExactly("tar.gz");
    assertThat(p.get("maxRangeSpan").asString()).isEqualTo("P366D");
    assertThat(p.get("maxEntriesPerExport").asLong()).isEqualTo(10_000_000L);
    assertThat(p.get("maxActiveJobs").asInt()).isEqualTo(4);
    assertThat(p.get("maxJobsPerHour").asInt()).isEqualTo(120);
    assertThat(p.get("retentionDefault").asString()).isEqualTo("P30D");
    assertThat(p.get("retentionMin").asString()).isEqualTo("PT1M");
    assertThat(p.get("retentionMax").asString()).isEqualTo("P365D");
  }

  @Test
  void exportTypesListsTypesFormatsDefaultsAndTheRestrictedFlag() {
    Response r = get("/api/v1/export-types", key(READER));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode items = jsonOf(r).get("items");
    assertThat(items.size()).isEqualTo(4);
    for (JsonNode t : items) {
      String type = t.get("type").asString();
      assertThat(t.get("restricted").asBoolean()).as(type).isEqualTo(type.equals("snapshot"));
      assertThat(t.get("allowed").asBoolean()).isTrue();
      assertThat(t.get("defaultFormat").asString()).isEqualTo(strings(t.get("formats")).get(0));
      assertThat(strings(t.get("allowedFormats"))).isEqualTo(strings(t.get("formats")));
    }
    assertThat(strings(items.get(0).get("formats"))).containsExactly("ndjson", "csv", "json");
  }

  @Test
  void aRestrictedTypeWithoutAdminIsDeniedAndNothingStarts() {
    Response r =
        postJson(
            "/api/v1/exports",
            "{\"type\": \"snapshot\", \"range\": {\"to\": \"2026-11-01T00:00:00Z\"}}",
            key(WRITER));
    JsonNode problem = assertProblem(r, 403, "policy_denied");
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("type");
    verify(gateway, never()).start(any());
  }

  @Test
  void thePolicyFileChangesWhatIsAllowedAtRuntime() {
    String tenant = freshTenant();
    writePolicyFile(
        """
        tenants:
          %s:
            allowed-types: [ledger, audit_report]
            allowed-formats:
              ledger: [csv, json]
            max-range-span: P7D
            retention-max: P90D
        """
            .formatted(tenant));
    JsonNode p = jsonOf(get("/api/v1/export-policy", asTenant(tenant)));
    assertThat(strings(p.get("allowedTypes"))).containsExactly("ledger", "audit_report");
    assertThat(strings(p.get("allowedFormats").get("ledger"))).containsExactly("csv", "json");
    assertThat(p.get("maxRangeSpan").asString()).isEqualTo("P7D");
    JsonNode types = jsonOf(get("/api/v1/export-types", asTenant(tenant)));
    assertThat(types.get("items").get(0).get("defaultFormat").asString()).isEqualTo("csv");
    assertThat(types.get("items").get(1).get("allowed").asBoolean()).isFalse();

    // a format the tenant may not use: 403
    JsonNode denied =
        assertProblem(
            create(tenant, "{\"type\": \"ledger\", \"format\": \"ndjson\", " + RANGE + "}"),
            403,
            "policy_denied");
    assertThat(denied.get("errors").get(0).get("field").asString()).isEqualTo("format");
    // a type the tenant may not use: 403, even for an admin, and before "not built yet"
    assertProblem(
        create(tenant, "{\"type\": \"evidence_pack\", " + RANGE + "}"), 403, "policy_denied");
    // out of bounds: 422 with errors naming the fields
    JsonNode wide =
        assertProblem(
            create(
                tenant,
                "{\"type\": \"ledger\", \"range\": {\"from\": \"2026-10-01T00:00:00Z\","
                    + " \"to\": \"2026-10-09T00:00:00Z\"}, \"retention\": \"P91D\"}"),
            422,
            "out_of_bounds");
    List<String> fields = new ArrayList<>();
    wide.get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).containsExactlyInAnyOrder("range", "retention");
    verify(gateway, never()).start(argThat(req -> req.tenant().equals(tenant)));

    // without a format the tenant gets its first allowed one
    Response ok = create(tenant, "{\"type\": \"ledger\", " + RANGE + "}");
    assertThat(ok.status()).as(ok.text()).isEqualTo(202);
    assertThat(jsonOf(ok).get("format").asString()).isEqualTo("csv");

    // a malformed file keeps the last good policy
    writePolicyFile("tenants: [not, a, map");
    assertThat(
            jsonOf(get("/api/v1/export-policy", asTenant(tenant))).get("maxRangeSpan").asString())
        .isEqualTo("P7D");
  }
}
