package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3 on the real components: the api and the worker on PostgreSQL; a filtered export holds
 * exactly the entries that a direct SQL query on the same data selects, and the service's verify
 * agrees with the chain.
 */
class PostgresExportE2ETest {

  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
  static final String SCHEMA = "e2e_" + UUID.randomUUID().toString().substring(0, 8);

  @RegisterExtension
  static final Stack stack =
      Stack.perClassOnPostgres(SCHEMA, Map.of())
          .startingWorker()
          .withEntries("demo", FROM.minusSeconds(86_400), TO.plusSeconds(86_400), 30_000)
          .withEntries("acme", FROM, TO, 1_000);

  static final Http http = stack.http("dev-demo-writer");

  @Test
  void filteredExportHoldsExactlyTheRowsSqlSelects() throws Exception {
    List<String> actors = List.of("alice", "svc-backup");
    List<String> outcomes = List.of("failure", "denied");
    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "format",
                "ndjson",
                "range",
                Map.of("from", FROM.toString(), "to", TO.toString()),
                "filters",
                Map.of("actors", actors, "outcomes", outcomes)));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));

    List<Long> exported = new ArrayList<>();
    for (String line : http.get("/exports/" + id + "/artifact").text().split("\n")) {
      JsonNode entry = Json.mapper().readTree(line);
      exported.add(entry.get("seq").asLong());
    }
    List<Long> selected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(stack.dbUrl, stack.dbUser, stack.dbPassword);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq FROM ledger_entries WHERE tenant = 'demo' AND occurred_at >= ?"
                    + " AND occurred_at < ? AND actor IN ('alice', 'svc-backup')"
                    + " AND outcome IN ('failure', 'denied') ORDER BY seq")) {
      ps.setObject(1, FROM.atOffset(ZoneOffset.UTC));
      ps.setObject(2, TO.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          selected.add(rs.getLong(1));
        }
      }
    }
    assertThat(selected).hasSizeGreaterThan(100);
    assertThat(exported).isEqualTo(selected);
    assertThat(http.get("/exports/" + id).json().get("artifact").get("entryCount").asLong())
        .isEqualTo(selected.size());

    JsonNode verify = http.get("/ledger/verify").json();
    assertThat(verify.get("valid").asBoolean()).isTrue();
    assertThat(verify.get("firstBrokenSeq").isNull()).isTrue();
    assertThat(verify.get("checked").asLong()).isEqualTo(verify.get("headSeq").asLong());
  }
}
