package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.verify.PackVerification;
import io.exportjobs.pack.verify.PackVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 4 on the real dev server: evidence packs that verify offline with the served public keys,
 * the same bytes when the job runs again, audit reports whose numbers equal SQL counts, and
 * snapshots only for exports:admin.
 */
class EvidencePackE2ETest {

  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-03-08T00:00:00Z");
  static final int ENTRIES = 6_000;

  @RegisterExtension
  static final Stack stack = Stack.perClass(Map.of()).withEntries("demo", FROM, TO, ENTRIES);

  static final Http http = stack.http("dev-demo-writer");

  @TempDir Path tmp;

  static Map<String, Object> body(String type, String format, Instant from, Instant to) {
    Map<String, Object> range = new HashMap<>();
    range.put("from", from == null ? null : from.toString());
    range.put("to", to.toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("format", format);
    body.put("range", range);
    return body;
  }

  String completed(Http client, Map<String, Object> body) {
    Http.Response created = client.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    client.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    return id;
  }

  Path download(Http client, String id, String name) throws Exception {
    Http.Response r = client.get("/exports/" + id + "/artifact");
    assertThat(r.status()).isEqualTo(200);
    Path file = tmp.resolve(name);
    Files.write(file, r.body());
    return file;
  }

  @Test
  void anEvidencePackVerifiesOfflineAndARerunOfTheJobGivesTheSameBytes() throws Exception {
    String id = completed(http, body("evidence_pack", "tar.gz", FROM, TO));
    JsonNode job = http.get("/exports/" + id).json();
    assertThat(job.get("artifact").get("fileName").asText()).isEqualTo(id + ".tar.gz");
    Path pack = download(http, id, "pack.tar.gz");
    assertThat(Digests.sha256Hex(Files.readAllBytes(pack)))
        .isEqualTo(job.get("artifact").get("sha256").asText());

    PackVerification verified = PackVerifier.verify(pack, ServedKeys.of(http));
    assertThat(verified.problems()).isEmpty();
    assertThat(verified.valid()).isTrue();
    assertThat(verified.entryCount()).isEqualTo((long) ENTRIES);
    assertThat(verified.signature().valid()).isTrue();
    String activeKey = http.get("/signing-keys").json().get("items").get(0).get("keyId").asText();
    assertThat(verified.signature().keyId()).isEqualTo(activeKey);

    JsonNode served = http.get("/exports/" + id + "/verification").json();
    assertThat(served.get("valid").asBoolean()).isTrue();
    assertThat(served.get("sha256").asText()).isEqualTo(job.get("artifact").get("sha256").asText());
    assertThat(served.get("entryCount").asLong()).isEqualTo(ENTRIES);
    assertThat(served.get("signature").get("keyId").asText()).isEqualTo(activeKey);
    assertThat(served.get("signature").get("valid").asBoolean()).isTrue();
    // the pack proves its entries against the checkpoint of the head it pinned; an occurred range
    // cannot prove that it is complete
    assertThat(verified.proof().valid()).isTrue();
    assertThat(verified.proof().complete()).isFalse();
    assertThat(verified.proof().treeSize()).isGreaterThanOrEqualTo(ENTRIES);
    assertThat(served.get("proof").get("valid").asBoolean()).isTrue();
    assertThat(served.get("proof").get("treeSize").asLong()).isEqualTo(verified.proof().treeSize());
    assertThat(served.get("proof").get("complete").asBoolean()).isFalse();

    // one flipped byte in the middle of the archive: the verifier fails and says where
    byte[] bytes = Files.readAllBytes(pack);
    bytes[bytes.length / 2] ^= 0x01;
    Path tampered = tmp.resolve("tampered.tar.gz");
    Files.write(tampered, bytes);
    PackVerification broken = PackVerifier.verify(tampered, ServedKeys.of(http));
    assertThat(broken.valid()).isFalse();
    assertThat(broken.problems()).isNotEmpty();
    assertThat(broken.problems().get(0).file()).isNotBlank();

    // run the same job again from its first step, as an operator's reset does: same bytes
    String sha = job.get("artifact").get("sha256").asText();
    Cli.run(
        RealServers.temporalCliRequired(),
        "workflow",
        "reset",
        "--address",
        stack.temporalAddress,
        "--workflow-id",
        id,
        "--type",
        "FirstWorkflowTask",
        "--reason",
        "e2e: rerun for reproducibility");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode now = http.get("/exports/" + id).json();
              return now.get("status").asText().equals("completed")
                  && !now.get("runId").asText().equals(job.get("runId").asText());
            });
    JsonNode rerun = http.get("/exports/" + id).json();
    assertThat(rerun.get("artifact").get("sha256").asText()).isEqualTo(sha);
    assertThat(Digests.sha256Hex(Files.readAllBytes(download(http, id, "again.tar.gz"))))
        .isEqualTo(sha);
  }

  @Test
  void theAuditReportCountsEqualSqlCountsOverTheSameRange() throws Exception {
    String id = completed(http, body("audit_report", "json", FROM, TO));
    JsonNode report =
        io.exportjobs.pack.json.Json.mapper().readTree(download(http, id, "report.json").toFile());
    JdbcTemplate sql = stack.apiBean(JdbcTemplate.class);
    String where = "tenant = 'demo' AND occurred_at >= ? AND occurred_at < ?";
    Object[] range = {
      java.sql.Timestamp.from(FROM), java.sql.Timestamp.from(TO),
    };
    long total =
        sql.queryForObject("SELECT COUNT(*) FROM ledger_entries WHERE " + where, Long.class, range);
    assertThat(total).isEqualTo(ENTRIES);
    assertThat(report.get("entryCount").asLong()).isEqualTo(total);
    for (String outcome : List.of("success", "failure", "denied")) {
      long n =
          sql.queryForObject(
              "SELECT COUNT(*) FROM ledger_entries WHERE " + where + " AND outcome = ?",
              Long.class,
              range[0],
              range[1],
              outcome);
      assertThat(report.get("totals").get(outcome).asLong()).as(outcome).isEqualTo(n);
    }
    Map<String, Long> byAction = new HashMap<>();
    sql.query(
        "SELECT action, COUNT(*) FROM ledger_entries WHERE " + where + " GROUP BY action",
        rs -> {
          byAction.put(rs.getString(1), rs.getLong(2));
        },
        range);
    report
        .get("byAction")
        .forEach(
            a ->
                assertThat(a.get("total").asLong())
                    .as(a.get("key").asText())
                    .isEqualTo(byAction.get(a.get("key").asText())));
    assertThat(report.get("byAction")).hasSize(byAction.size());

    String html = completed(http, body("audit_report", "html", FROM, TO));
    String page = Files.readString(download(http, html, "report.html"));
    assertThat(page).contains("<svg").contains(String.format(java.util.Locale.ROOT, "%,d", total));
  }

  @Test
  void aSnapshotNeedsExportsAdminAndHoldsTheWholeChainUpToItsHead() throws Exception {
    Instant to = Instant.now().plusSeconds(1);
    Http.Response denied = http.post("/exports", body("snapshot", "tar.gz", null, to));
    assertThat(denied.status()).as(denied.text()).isEqualTo(403);
    assertThat(denied.json().get("code").asText()).isEqualTo("policy_denied");

    Http admin = http.as("dev-demo-admin");
    String id = completed(admin, body("snapshot", "tar.gz", null, to));
    Path pack = download(admin, id, "snapshot.tar.gz");
    PackVerification verified = PackVerifier.verify(pack, ServedKeys.of(http));
    assertThat(verified.problems()).isEmpty();
    assertThat(verified.valid()).isTrue();
    // the verifier checked the seqs are gap-free from 1 and end at the statement's head
    assertThat(verified.entryCount()).isGreaterThanOrEqualTo(ENTRIES);
    long recordedBefore =
        stack
            .apiBean(JdbcTemplate.class)
            .queryForObject(
                "SELECT COUNT(*) FROM ledger_entries WHERE tenant = 'demo' AND recorded_at < ?",
                Long.class,
                java.sql.Timestamp.from(
                    Instant.parse(admin.get("/exports/" + id).json().get("createdAt").asText())));
    assertThat(verified.entryCount()).isEqualTo(recordedBefore);
    // the whole tree up to the pinned head: complete
    assertThat(verified.proof())
        .isEqualTo(new PackVerification.ProofSummary(true, recordedBefore, true));
  }
}
