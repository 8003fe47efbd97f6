package io.exportjobs.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.api.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/** The ledger over HTTP: what the api serves is enough to recompute the chain. */
class LedgerApiTest extends ApiTestSupport {

  private static final String ENTRIES = "/api/v1/ledger/entries";

  private static String entry(String at, String actor, String outcome, String attributes) {
    return "{\"occurredAt\": \""
        + at
        + "\", \"actor\": \""
        + actor
        + "\", \"action\": \"login\", \"resource\": \"user:"
        + actor
        + "\", \"outcome\": \""
        + outcome
        + "\""
        + (attributes == null ? "" : ", \"attributes\": " + attributes)
        + "}";
  }

  private Map<String, Object> append(String tenant, String... entries) {
    MvcResult result =
        perform(
            postJsonAsTenant(
                ENTRIES, tenant, "{\"entries\": [" + String.join(",", entries) + "]}"));
    assertThat(result.getResponse().getStatus()).as(safeContent(result)).isEqualTo(201);
    return body(result);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> readAll(String tenant, String query) {
    List<Map<String, Object>> all = new ArrayList<>();
    String token = null;
    do {
      String url = ENTRIES + "?pageSize=2" + query + (token == null ? "" : "&pageToken=" + token);
      MvcResult result = perform(getAsTenant(url, tenant));
      assertThat(result.getResponse().getStatus()).as(safeContent(result)).isEqualTo(200);
      Map<String, Object> page = body(result);
      List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
      assertThat(items.size()).isLessThanOrEqualTo(2);
      all.addAll(items);
      token = (String) page.get("nextPageToken");
    } while (token != null);
    return all;
  }

  /** The contract's rule, applied to the served JSON only. */
  private String recompute(Map<String, Object> served) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>(served);
    body.remove("hash");
    String prevHash = (String) body.remove("prevHash");
    byte[] canonical = new JsonCanonicalizer(json.writeValueAsString(body)).getEncodedUTF8();
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(prevHash.getBytes(StandardCharsets.UTF_8));
    md.update(canonical);
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  @Test
  void servedEntriesRecomputeTheChain() throws Exception {
    String tenant = freshTenant();
    Map<String, Object> first =
        append(
            tenant,
            entry("2026-10-05T10:00:00Z", "alice", "success", "{\"ip\": \"10.0.0.1\", \"n\": 3}"),
            entry(
                "2026-10-05T10:00:00.5Z",
                "bob",
                "denied",
                "{\"nested\": {\"z\": [1, \"é\"], \"a\": true}}"),
            entry("2026-10-06T00:00:00.123Z", "carol", "failure", null));
    assertThat(first)
        .containsEntry("appended", 3)
        .containsEntry("firstSeq", 1)
        .containsEntry("lastSeq", 3);
    Map<String, Object> second =
        append(tenant, entry("2026-10-07T00:00:00Z", "alice", "success", "{\"big\": 12.5}"));
    assertThat(second).containsEntry("firstSeq", 4).containsEntry("lastSeq", 4);

    List<Map<String, Object>> entries = readAll(tenant, "");
    assertThat(entries).hasSize(4);
    String prev = "sha256:" + "0".repeat(64);
    for (int i = 0; i < entries.size(); i++) {
      Map<String, Object> e = entries.get(i);
      assertThat(e)
          .containsOnlyKeys(
              "seq",
              "occurredAt",
              "recordedAt",
              "actor",
              "action",
              "resource",
              "outcome",
              "attributes",
              "prevHash",
              "hash");
      assertThat(((Number) e.get("seq")).longValue()).isEqualTo(i + 1L);
      assertThat(e.get("prevHash")).isEqualTo(prev);
      assertThat((String) e.get("occurredAt")).endsWith("Z");
      assertThat(recompute(e))
          .as("hash of seq %d from the served JSON", i + 1)
          .isEqualTo(e.get("hash"));
      prev = (String) e.get("hash");
    }
    assertThat(entries.get(1).get("occurredAt")).isEqualTo("2026-10-05T10:00:00.500Z");
    assertThat(entries.get(2).get("attributes")).isEqualTo(Map.of());
    assertThat(second.get("headHash")).isEqualTo(prev);
  }

  @Test
  void rangeAndFiltersOverHttp() {
    String tenant = freshTenant();
    append(
        tenant,
        entry("2026-10-09T23:59:59.999Z", "alice", "success", null),
        entry("2026-10-10T00:00:00Z", "alice", "success", null),
        entry("2026-10-15T00:00:00Z", "bob", "denied", null),
        entry("2026-10-19T23:59:59.999Z", "alice", "failure", null),
        entry("2026-10-20T00:00:00Z", "alice", "success", null));
    String range = "&from=2026-10-10T00:00:00Z&to=2026-10-20T00:00:00Z";

    assertThat(readAll(tenant, range))
        .extracting(e -> ((Number) e.get("seq")).intValue())
        .containsExactly(2, 3, 4);
    assertThat(readAll(tenant, range + "&actor=alice"))
        .extracting(e -> ((Number) e.get("seq")).intValue())
        .containsExactly(2, 4);
    assertThat(readAll(tenant, range + "&outcome=denied&outcome=failure"))
        .extracting(e -> ((Number) e.get("seq")).intValue())
        .containsExactly(3, 4);
    assertThat(readAll(tenant, "&actor=nobody")).isEmpty();
    // and another tenant sees none of it
    assertThat(readAll(freshTenant(), "")).isEmpty();
  }
}
