package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.verify.PackVerification;
import io.exportjobs.pack.verify.PackVerifier;
import io.exportjobs.pack.verify.PublicKeys;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, done-when 3, end to end on both readers (H2 through JDBC, PostgreSQL through binary
 * COPY): an evidence pack of a {@code recorded} range and one of a seq range say {@code complete:
 * true} and verify; a filtered pack lists exactly the excluded seqs; {@code ledger} exports of both
 * range kinds hold exactly their seqs, and a seq range without {@code toSeq} shows the one it
 * resolved.
 */
class CompleteRangesE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void onH2ThroughJdbc() throws Exception {
    try (Stack stack = Stack.withWorker(Map.of())) {
      exercise(stack);
    }
  }

  @Test
  void onPostgresThroughBinaryCopy() throws Exception {
    String schema = "ranges_" + UUID.randomUUID().toString().substring(0, 8);
    try (Stack stack = Stack.onPostgres(schema, Map.of())) {
      stack.startWorker();
      exercise(stack);
    } finally {
      RealServers.postgres().dropSchema(schema);
    }
  }

  private void exercise(Stack stack) throws Exception {
    LedgerStore ledger = stack.apiBean(LedgerStore.class);
    // five batches of ten, each recorded at its own millisecond
    for (int batch = 0; batch < 5; batch++) {
      List<NewLedgerEntry> entries = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = batch * 10 + i + 1;
        entries.add(
            new NewLedgerEntry(
                Instant.parse("2026-10-01T00:00:00Z").plusSeconds(n),
                n % 3 == 0 ? "bob" : "alice",
                "document.read",
                "doc/" + n,
                Outcome.SUCCESS,
                Map.of("n", n)));
      }
      ledger.append("demo", entries);
      Instant last = ledger.find("demo", (batch + 1) * 10L).orElseThrow().recordedAt();
      Awaitility.await().until(() -> Instant.now().isAfter(last));
    }
    Instant from = ledger.find("demo", 11).orElseThrow().recordedAt();
    Instant to = ledger.find("demo", 31).orElseThrow().recordedAt();
    Http http = new Http(stack.baseUrl(), "dev-demo-writer");
    PublicKeys keys = ServedKeys.of(http);

    Map<String, Object> recorded =
        Map.of("from", from.toString(), "to", to.toString(), "basis", "recorded");
    PackVerification byRecorded = verifiedPack(http, recorded, Map.of(), keys, "recorded");
    assertThat(byRecorded.entryCount()).isEqualTo(20);
    assertThat(byRecorded.proof().complete()).isTrue();
    JsonNode recordedProof = proof("recorded");
    assertThat(recordedProof.get("span").get("firstSeq").asLong()).isEqualTo(11);
    assertThat(recordedProof.get("span").get("lastSeq").asLong()).isEqualTo(30);
    assertThat(recordedProof.get("boundary").get("before").get("entry").get("seq").asLong())
        .isEqualTo(10);
    assertThat(recordedProof.get("boundary").get("after").get("entry").get("seq").asLong())
        .isEqualTo(31);

    PackVerification bySeq =
        verifiedPack(http, Map.of("fromSeq", 5, "toSeq", 25), Map.of(), keys, "seq");
    assertThat(bySeq.entryCount()).isEqualTo(20);
    assertThat(bySeq.proof().complete()).isTrue();

    PackVerification filtered =
        verifiedPack(
            http,
            Map.of("fromSeq", 1, "toSeq", 51),
            Map.of("actors", List.of("bob")),
            keys,
            "filtered");
    assertThat(filtered.proof().complete()).isFalse();
    List<Long> excluded = new ArrayList<>();
    proof("filtered").get("excluded").forEach(x -> excluded.add(x.get("seq").asLong()));
    List<Long> notBobs = new ArrayList<>();
    for (long seq = 1; seq <= 50; seq++) {
      if (seq % 3 != 0) {
        notBobs.add(seq);
      }
    }
    assertThat(excluded).isEqualTo(notBobs);

    assertThat(ledgerExportSeqs(http, recorded)).isEqualTo(seqs(11, 30));
    String openId = create(http, "ledger", Map.of("fromSeq", 41), Map.of());
    JsonNode open = http.get("/exports/" + openId).json();
    long toSeq = open.get("range").get("toSeq").asLong();
    assertThat(toSeq).isGreaterThan(50);
    assertThat(seqsOf(http, openId)).isEqualTo(seqs(41, toSeq - 1));
  }

  private PackVerification verifiedPack(
      Http http,
      Map<String, Object> range,
      Map<String, Object> filters,
      PublicKeys keys,
      String name)
      throws Exception {
    String id = create(http, "evidence_pack", range, filters);
    Path archive = tmp.resolve(name + ".tar.gz");
    Files.write(archive, http.get("/exports/" + id + "/artifact").body());
    PackArchive.extract(archive, tmp.resolve(name));
    PackVerification result = PackVerifier.verify(archive, keys);
    assertThat(result.problems()).as(name).isEmpty();
    assertThat(result.valid()).isTrue();
    assertThat(result.proof().valid()).isTrue();
    JsonNode served = http.get("/exports/" + id + "/verification").json();
    assertThat(served.get("proof").get("complete").asBoolean())
        .isEqualTo(result.proof().complete());
    return result;
  }

  private JsonNode proof(String name) throws Exception {
    return JSON.readTree(tmp.resolve(name).resolve("proof.json").toFile());
  }

  private static String create(
      Http http, String type, Map<String, Object> range, Map<String, Object> filters) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("range", range);
    body.put("filters", filters);
    Http.Response created = http.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    return id;
  }

  private static List<Long> ledgerExportSeqs(Http http, Map<String, Object> range)
      throws Exception {
    return seqsOf(http, create(http, "ledger", range, Map.of()));
  }

  private static List<Long> seqsOf(Http http, String id) throws Exception {
    String ndjson =
        new String(http.get("/exports/" + id + "/artifact").body(), StandardCharsets.UTF_8);
    List<Long> seqs = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      if (!line.isBlank()) {
        seqs.add(JSON.readTree(line).get("seq").asLong());
      }
    }
    return seqs;
  }

  private static List<Long> seqs(long first, long last) {
    List<Long> out = new ArrayList<>();
    for (long s = first; s <= last; s++) {
      out.add(s);
    }
    return out;
  }
}
