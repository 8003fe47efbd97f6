package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.signing.KeysDirectory;
import io.exportjobs.pack.tlog.CompactRange;
import io.exportjobs.pack.tlog.ProofException;
import io.exportjobs.pack.tlog.ProofVerifier;
import io.exportjobs.pack.tlog.TreeHashes;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.LedgerTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, done-when 1 (without packs yet): the Go ecosystem's own transparency-log code
 * (golang.org/x/mod/sumdb/note, github.com/transparency-dev/merkle) verifies what the api serves
 * for a 1,000-entry ledger on PostgreSQL: checkpoints with the served noteVerifierKey, an inclusion
 * proof of every entry at three tree sizes, consistency proofs between ten pairs of sizes, and a
 * compact-range proof of a sub-range built by our Java code; and both sides agree on every root.
 */
class LedgerInteropE2ETest {

  static final int ENTRIES = 1_000;
  static final long[] SIZES = {1_000, 777, 513};
  static final long[][] PAIRS = {
    {1, 2},
    {1, 1_000},
    {2, 3},
    {7, 8},
    {100, 777},
    {255, 256},
    {256, 257},
    {300, 1_000},
    {513, 777},
    {999, 1_000}
  };
  static final String ORIGIN = "exportjobs.local/ledger/demo";
  static final String SCHEMA = "interop_" + UUID.randomUUID().toString().substring(0, 8);

  @RegisterExtension static final Stack stack = Stack.perClassOnPostgres(SCHEMA, Map.of());

  static final Http http = stack.http("dev-demo-writer");
  static Tlogcheck go;

  @BeforeAll
  static void start() throws Exception {
    for (int batch = 0; batch < 4; batch++) {
      List<Map<String, Object>> entries = new ArrayList<>();
      for (int i = 0; i < ENTRIES / 4; i++) {
        int n = batch * (ENTRIES / 4) + i;
        entries.add(
            Map.of(
                "occurredAt",
                "2026-10-01T00:00:00Z",
                "actor",
                n % 3 == 0 ? "bob" : "alice",
                "action",
                "document.read",
                "resource",
                "doc/" + n,
                "outcome",
                "success",
                "attributes",
                Map.of("n", n)));
      }
      assertThat(http.post("/ledger/entries", Map.of("entries", entries)).status()).isEqualTo(201);
    }
    go = Tlogcheck.build();
  }

  @Test
  void goVerifiesTheCheckpointsAndEveryProofAndAgreesOnEveryRoot() throws Exception {
    StringBuilder pairs = new StringBuilder();
    for (long[] p : PAIRS) {
      pairs.append(pairs.isEmpty() ? "" : ",").append(p[0]).append(':').append(p[1]);
    }
    Tlogcheck.Result result =
        go.run(
            "api",
            "-url",
            stack.baseUrl(),
            "-key",
            "dev-demo-reader",
            "-origin",
            ORIGIN,
            "-sizes",
            "1000,777,513",
            "-pairs",
            pairs.toString());
    assertThat(result.exit()).as(result.errors()).isZero();
    JsonNode out = result.json();
    System.out.println("tlogcheck api: " + out);
    assertThat(out.get("entries").asInt()).isEqualTo(ENTRIES);
    assertThat(out.get("inclusionProofsVerified").asInt()).isEqualTo(1_000 + 777 + 513);
    assertThat(out.get("consistencyProofsVerified").asInt()).isEqualTo(PAIRS.length);
    assertThat(out.get("keyName").asText()).isEqualTo(ORIGIN);
    String activeVkey = activeKey().get("noteVerifierKey").asText();
    assertThat(out.get("noteVerifierKey").asText()).isEqualTo(activeVkey);

    // our side: the stored tree, and the root of the entries folded here, for every size Go saw
    List<byte[]> leaves = leaves();
    TreeSet<Long> sizes = new TreeSet<>();
    for (long s : SIZES) {
      sizes.add(s);
    }
    for (long[] p : PAIRS) {
      sizes.add(p[0]);
      sizes.add(p[1]);
    }
    assertThat(out.get("roots").size()).isEqualTo(sizes.size());
    LedgerTree tree = stack.apiBean(LedgerStore.class).tree();
    for (long size : sizes) {
      byte[] theirs =
          Base64.getDecoder().decode(out.get("roots").get(Long.toString(size)).asText());
      CompactRange folded = CompactRange.empty(0);
      leaves.subList(0, (int) size).forEach(folded::appendLeaf);
      assertThat(theirs).as("root of size %d", size).isEqualTo(folded.root());
      assertThat(tree.root("demo", size)).as("stored root of size %d", size).isEqualTo(theirs);
    }
  }

  /**
   * A proof of the entries 101..350 of the tree of 777 whose actor is alice (bob's are listed as
   * excluded leaf hashes), in the layout of the pack's proof.json: Go rebuilds the checkpoint's
   * root through compact.Range, and refuses the same files with one entry taken out.
   */
  @Test
  void goRebuildsTheRootFromACompactRangeProofOfASubRange() throws Exception {
    long treeSize = 777;
    long firstSeq = 101;
    long lastSeq = 350;
    LedgerTree tree = stack.apiBean(LedgerStore.class).tree();
    List<String> lines = new ArrayList<>();
    List<Map<String, Object>> excluded = new ArrayList<>();
    List<byte[]> spanLeaves = new ArrayList<>();
    for (JsonNode e : served()) {
      long seq = e.get("seq").asLong();
      if (seq < firstSeq || seq > lastSeq) {
        continue;
      }
      byte[] leaf = TreeHashes.leafOfEntry(e.get("hash").asText());
      spanLeaves.add(leaf);
      if (e.get("actor").asText().equals("bob")) {
        excluded.add(Map.of("seq", seq, "leafHash", Base64.getEncoder().encodeToString(leaf)));
      } else {
        lines.add(e.toString());
      }
    }
    List<byte[]> left = tree.compactRange("demo", 0, firstSeq - 1).hashes();
    List<byte[]> right = tree.compactRange("demo", lastSeq, treeSize).hashes();
    Map<String, Object> proof = new LinkedHashMap<>();
    proof.put("treeSize", treeSize);
    proof.put("span", Map.of("firstSeq", firstSeq, "lastSeq", lastSeq));
    proof.put("left", base64(left));
    proof.put("right", base64(right));
    proof.put("excluded", excluded);
    String checkpoint = http.get("/ledger/checkpoint?treeSize=" + treeSize).text();
    byte[] root = tree.root("demo", treeSize);
    assertThat(ProofVerifier.rootFromRanges(treeSize, firstSeq - 1, left, spanLeaves, right))
        .isEqualTo(root);

    Path dir = writePack(checkpoint, proof, lines);
    String vkey = activeKey().get("noteVerifierKey").asText();
    Tlogcheck.Result ok = go.run("pack", "-vkey", vkey, "-dir", dir.toString());
    assertThat(ok.exit()).as(ok.errors()).isZero();
    System.out.println("tlogcheck pack: " + ok.json());
    assertThat(Base64.getDecoder().decode(ok.json().get("root").asText())).isEqualTo(root);
    assertThat(ok.json().get("entries").asInt()).isEqualTo(lines.size());
    assertThat(ok.json().get("excluded").asInt()).isEqualTo(excluded.size()).isPositive();

    List<String> oneLess = new ArrayList<>(lines);
    oneLess.remove(oneLess.size() / 2);
    Path tampered = writePack(checkpoint, proof, oneLess);
    Tlogcheck.Result refused = go.run("pack", "-vkey", vkey, "-dir", tampered.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.errors()).contains("neither an entry nor excluded");
    List<byte[]> withoutOne = new ArrayList<>(spanLeaves);
    withoutOne.remove(withoutOne.size() / 2);
    assertThatThrownBy(
            () -> ProofVerifier.rootFromRanges(treeSize, firstSeq - 1, left, withoutOne, right))
        .isInstanceOf(ProofException.class);
  }

  /**
   * A real evidence pack of tenant acme, filtered to alice's entries, as the api serves it: Go
   * opens its checkpoint with acme's noteVerifierKey and rebuilds the root from its proof.json
   * (compact.Range) and entries, and the root equals the stored tree's at the pack's tree size.
   */
  @Test
  void goVerifiesTheProofOfARealEvidencePack() throws Exception {
    Http acme = new Http(stack.baseUrl(), "dev-acme-admin");
    List<Map<String, Object>> entries = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      entries.add(
          Map.of(
              "occurredAt",
              "2026-10-0" + (1 + n % 3) + "T00:00:00Z",
              "actor",
              n % 4 == 0 ? "bob" : "alice",
              "action",
              "document.read",
              "resource",
              "doc/" + n,
              "outcome",
              "success"));
    }
    assertThat(acme.post("/ledger/entries", Map.of("entries", entries)).status()).isEqualTo(201);
    stack.startWorker();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "evidence_pack");
    body.put("format", "tar.gz");
    body.put("range", Map.of("from", "2026-10-02T00:00:00Z", "to", "2026-10-04T00:00:00Z"));
    body.put("filters", Map.of("actors", List.of("alice")));
    Http.Response created = acme.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    acme.awaitStatus(
        id, "completed", java.time.Duration.ofMinutes(2), java.time.Duration.ofMillis(200));
    Path archive = Files.createTempDirectory(stack.dataDir, "pack-").resolve("pack.tar.gz");
    Files.write(archive, acme.get("/exports/" + id + "/artifact").body());
    Path dir = archive.resolveSibling("files");
    Map<String, byte[]> files = PackArchive.extract(archive, dir);
    assertThat(files).containsKeys("checkpoint", "proof.json", "entries.ndjson");

    String vkey = null;
    for (JsonNode k : acme.get("/signing-keys").json().get("items")) {
      if (k.get("active").asBoolean()) {
        vkey = k.get("noteVerifierKey").asText();
      }
    }
    Tlogcheck.Result ok = go.run("pack", "-vkey", vkey, "-dir", dir.toString());
    assertThat(ok.exit()).as(ok.errors()).isZero();
    System.out.println("tlogcheck pack (a real evidence pack): " + ok.json());
    long treeSize = ok.json().get("treeSize").asLong();
    assertThat(ok.json().get("origin").asText()).isEqualTo("exportjobs.local/ledger/acme");
    assertThat(Base64.getDecoder().decode(ok.json().get("root").asText()))
        .isEqualTo(stack.apiBean(LedgerStore.class).tree().root("acme", treeSize));
    // 200 of the 300 occurred on the 2nd or 3rd; 150 of those are alice's
    assertThat(ok.json().get("entries").asInt()).isEqualTo(150);
    assertThat(ok.json().get("excluded").asInt()).isPositive();

    JsonNode verification = acme.get("/exports/" + id + "/verification").json();
    assertThat(verification.get("valid").asBoolean()).isTrue();
    assertThat(verification.get("proof").get("valid").asBoolean()).isTrue();
    assertThat(verification.get("proof").get("treeSize").asLong()).isEqualTo(treeSize);
    assertThat(verification.get("proof").get("complete").asBoolean()).isFalse();
  }

  /**
   * A checkpoint signed before a key rotation still verifies in Go with the retired key's
   * noteVerifierKey, which /signing-keys keeps listing; the new key does not open it.
   */
  @Test
  void aCheckpointSignedBeforeAKeyRotationStillVerifiesInGo() throws Exception {
    String before = http.get("/ledger/checkpoint?treeSize=600").text();
    String oldVkey = activeKey().get("noteVerifierKey").asText();
    KeysDirectory.rotate(stack.dataDir.resolve("signing-keys"));
    String newVkey = activeKey().get("noteVerifierKey").asText();
    assertThat(newVkey).isNotEqualTo(oldVkey);
    List<String> listed = new ArrayList<>();
    http.get("/signing-keys")
        .json()
        .get("items")
        .forEach(k -> listed.add(k.get("noteVerifierKey").asText()));
    assertThat(listed).contains(oldVkey, newVkey);

    Path file = Files.createTempDirectory(stack.dataDir, "note-").resolve("checkpoint");
    Files.writeString(file, before, StandardCharsets.UTF_8);
    Tlogcheck.Result withOld = go.run("note", "-vkey", oldVkey, "-in", file.toString());
    assertThat(withOld.exit()).as(withOld.errors()).isZero();
    assertThat(withOld.json().get("size").asLong()).isEqualTo(600);
    Tlogcheck.Result withNew = go.run("note", "-vkey", newVkey, "-in", file.toString());
    assertThat(withNew.exit()).isEqualTo(1);

    Path after = file.resolveSibling("after");
    Files.writeString(after, http.get("/ledger/checkpoint?treeSize=600").text());
    Tlogcheck.Result newNote = go.run("note", "-vkey", newVkey, "-in", after.toString());
    assertThat(newNote.exit()).as(newNote.errors()).isZero();
    assertThat(newNote.json().get("root").asText()).isEqualTo(withOld.json().get("root").asText());
  }

  private static JsonNode activeKey() {
    for (JsonNode k : http.get("/signing-keys").json().get("items")) {
      if (k.get("active").asBoolean()) {
        return k;
      }
    }
    throw new AssertionError("no active key in /signing-keys");
  }

  /** Every entry as GET /ledger/entries serves it, in seq order. */
  private static List<JsonNode> served() {
    List<JsonNode> all = new ArrayList<>();
    String token = null;
    do {
      JsonNode page =
          http.get("/ledger/entries?pageSize=200" + (token == null ? "" : "&pageToken=" + token))
              .json();
      page.get("items").forEach(all::add);
      token = page.get("nextPageToken").isNull() ? null : page.get("nextPageToken").asText();
    } while (token != null);
    return all;
  }

  private static List<byte[]> leaves() {
    return served().stream().map(e -> TreeHashes.leafOfEntry(e.get("hash").asText())).toList();
  }

  private static List<String> base64(List<byte[]> hashes) {
    return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
  }

  private static Path writePack(String checkpoint, Map<String, Object> proof, List<String> lines)
      throws Exception {
    Path dir = Files.createTempDirectory(stack.dataDir, "proof-");
    Files.writeString(dir.resolve("checkpoint"), checkpoint, StandardCharsets.UTF_8);
    Files.write(dir.resolve("proof.json"), Json.canonical(proof));
    Files.writeString(
        dir.resolve("entries.ndjson"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return dir;
  }
}
