package io.exportjobs.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.api.testing.ApiTestSupport;
import io.exportjobs.pack.signing.KeysDirectory;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.CompactRange;
import io.exportjobs.pack.tlog.NoteKey;
import io.exportjobs.pack.tlog.ProofException;
import io.exportjobs.pack.tlog.ProofVerifier;
import io.exportjobs.pack.tlog.SignedNote;
import io.exportjobs.pack.tlog.TreeHashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Checkpoints and proofs as a client gets them over HTTP, checked with nothing but what the api
 * serves: the entries, the checkpoint notes, the proofs and the note verifier keys of {@code GET
 * /signing-keys}. Works on tenant acme, relative to its head, so other tests' entries do not
 * matter.
 */
class LedgerProofApiTest extends ApiTestSupport {

  private static final String LEDGER = "/api/v1/ledger";

  @Test
  void checkpointsAndProofsVerifyWithWhatTheApiServes() {
    long before = checkpoint(null).size();
    appendEntries(300);
    long head = before + 300;
    Checkpoint headCheckpoint = checkpoint(null);
    assertThat(headCheckpoint.origin()).isEqualTo("exportjobs.local/ledger/acme");
    assertThat(headCheckpoint.size()).isEqualTo(head);

    List<byte[]> leaves = servedLeaves();
    assertThat(leaves).hasSize((int) head);
    CompactRange range = CompactRange.empty(0);
    List<byte[]> roots = new ArrayList<>();
    roots.add(range.root());
    for (byte[] leaf : leaves) {
      roots.add(range.appendLeaf(leaf).root());
    }
    assertThat(headCheckpoint.root()).isEqualTo(roots.get((int) head));

    for (long size : List.of(0L, 1L, before + 1, head - 7, head)) {
      Checkpoint c = checkpoint(size);
      assertThat(c.size()).isEqualTo(size);
      assertThat(c.root()).as("root of %d", size).isEqualTo(roots.get((int) size));
    }
    for (long size : List.of(before + 1, head - 7, head)) {
      for (long seq : List.of(1L, Math.max(1, size / 2), size)) {
        Map<String, Object> proof =
            ok(getAs(LEDGER + "/proofs/inclusion?seq=" + seq + "&treeSize=" + size, ACME_ADMIN));
        assertThat(((Number) proof.get("leafIndex")).longValue()).isEqualTo(seq - 1);
        assertThat(((Number) proof.get("treeSize")).longValue()).isEqualTo(size);
        ProofVerifier.verifyInclusion(
            seq - 1, size, leaves.get((int) seq - 1), hashes(proof), roots.get((int) size));
      }
    }
    Map<String, Object> atHead = ok(getAs(LEDGER + "/proofs/inclusion?seq=" + head, ACME_ADMIN));
    assertThat(((Number) atHead.get("treeSize")).longValue()).isEqualTo(head);

    for (long[] pair : new long[][] {{0, head}, {1, head}, {before + 1, head - 7}, {head, head}}) {
      Map<String, Object> proof =
          ok(
              getAs(
                  LEDGER + "/proofs/consistency?fromSize=" + pair[0] + "&toSize=" + pair[1],
                  ACME_ADMIN));
      assertThat(((Number) proof.get("fromSize")).longValue()).isEqualTo(pair[0]);
      assertThat(((Number) proof.get("toSize")).longValue()).isEqualTo(pair[1]);
      ProofVerifier.verifyConsistency(
          pair[0], pair[1], roots.get((int) pair[0]), roots.get((int) pair[1]), hashes(proof));
    }
    Map<String, Object> toHead =
        ok(getAs(LEDGER + "/proofs/consistency?fromSize=" + (before + 1), ACME_ADMIN));
    assertThat(((Number) toHead.get("toSize")).longValue()).isEqualTo(head);
  }

  @Test
  void badParametersAreValidationProblems() {
    appendEntries(3);
    long head = checkpoint(null).size();
    Map<String, Object> beyond =
        assertInvalid(
            perform(getAs(LEDGER + "/checkpoint?treeSize=" + (head + 1), ACME_ADMIN)), "treeSize");
    assertThat((String) beyond.get("detail")).contains("beyond the ledger's head", "" + head);
    assertInvalid(perform(getAs(LEDGER + "/checkpoint?treeSize=-1", ACME_ADMIN)), "treeSize");
    assertProblem(
        perform(getAs(LEDGER + "/checkpoint?treeSize=ten", ACME_ADMIN)), 400, "validation_failed");
    assertInvalid(perform(getAs(LEDGER + "/proofs/inclusion", ACME_ADMIN)), "seq");
    assertInvalid(perform(getAs(LEDGER + "/proofs/inclusion?seq=0", ACME_ADMIN)), "seq");
    assertInvalid(perform(getAs(LEDGER + "/proofs/inclusion?seq=3&treeSize=2", ACME_ADMIN)), "seq");
    assertInvalid(
        perform(getAs(LEDGER + "/proofs/inclusion?seq=1&treeSize=" + (head + 5), ACME_ADMIN)),
        "treeSize");
    assertProblem(
        perform(getAs(LEDGER + "/proofs/inclusion?seq=1.5", ACME_ADMIN)), 400, "validation_failed");
    assertInvalid(perform(getAs(LEDGER + "/proofs/consistency", ACME_ADMIN)), "fromSize");
    assertInvalid(
        perform(getAs(LEDGER + "/proofs/consistency?fromSize=3&toSize=2", ACME_ADMIN)), "fromSize");
    assertInvalid(
        perform(getAs(LEDGER + "/proofs/consistency?fromSize=-1&toSize=2", ACME_ADMIN)),
        "fromSize");
    assertInvalid(
        perform(getAs(LEDGER + "/proofs/consistency?fromSize=1&toSize=" + (head + 1), ACME_ADMIN)),
        "toSize");
    assertProblem(perform(get(LEDGER + "/checkpoint")), 401, "unauthenticated");
  }

  /**
   * After a key rotation the api signs with the new key, and a checkpoint signed before it still
   * opens with the retired key, which /signing-keys keeps listing with its noteVerifierKey.
   */
  @Test
  void checkpointsSignedBeforeARotationStillVerify() {
    appendEntries(2);
    String before = note(null);
    NoteKey oldKey = activeNoteKey();
    SignedNote.open(before, List.of(oldKey));

    KeysDirectory.rotate(DATA_DIR.resolve("signing-keys"));
    appendEntries(1);
    String after = note(null);
    NoteKey newKey = activeNoteKey();
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(SignedNote.open(after, List.of(newKey)).signedBy()).containsExactly(newKey);
    assertThatThrownBy(() -> SignedNote.open(after, List.of(oldKey)))
        .isInstanceOf(ProofException.class);

    List<NoteKey> listed = listedNoteKeys();
    assertThat(listed).contains(oldKey, newKey);
    assertThat(SignedNote.open(before, listed).signedBy()).containsExactly(oldKey);
    assertThatThrownBy(() -> SignedNote.open(before, List.of(newKey)))
        .isInstanceOf(ProofException.class);
  }

  private void appendEntries(int n) {
    StringBuilder body = new StringBuilder("{\"entries\": [");
    for (int i = 0; i < n; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"occurredAt\": \"2026-10-01T00:00:00Z\", \"actor\": \"proof-test\",")
          .append(" \"action\": \"tree.append\", \"resource\": \"r/")
          .append(i)
          .append("\", \"outcome\": \"success\"}");
    }
    MvcResult result = perform(postJson(LEDGER + "/entries", ACME_ADMIN, body + "]}"));
    assertThat(result.getResponse().getStatus()).as(safeContent(result)).isEqualTo(201);
  }

  private String note(Long treeSize) {
    MvcResult result =
        perform(
            getAs(
                LEDGER + "/checkpoint" + (treeSize == null ? "" : "?treeSize=" + treeSize),
                ACME_ADMIN));
    assertThat(result.getResponse().getStatus()).as(safeContent(result)).isEqualTo(200);
    assertThat(result.getResponse().getContentType()).startsWith("text/plain");
    return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
  }

  /** A checkpoint, opened with the active key's noteVerifierKey from /signing-keys. */
  private Checkpoint checkpoint(Long treeSize) {
    return Checkpoint.parse(SignedNote.open(note(treeSize), List.of(activeNoteKey())).text());
  }

  private NoteKey activeNoteKey() {
    return signingKeys().stream()
        .filter(k -> Boolean.TRUE.equals(k.get("active")))
        .map(k -> NoteKey.parseVerifierKey((String) k.get("noteVerifierKey")))
        .findFirst()
        .orElseThrow();
  }

  private List<NoteKey> listedNoteKeys() {
    return signingKeys().stream()
        .map(k -> NoteKey.parseVerifierKey((String) k.get("noteVerifierKey")))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> signingKeys() {
    return (List<Map<String, Object>>) ok(getAs("/api/v1/signing-keys", ACME_ADMIN)).get("items");
  }

  /** Every entry's leaf hash, from the entries as GET /ledger/entries serves them. */
  @SuppressWarnings("unchecked")
  private List<byte[]> servedLeaves() {
    List<byte[]> leaves = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> page =
          ok(
              getAs(
                  LEDGER + "/entries?pageSize=200" + (token == null ? "" : "&pageToken=" + token),
                  ACME_ADMIN));
      for (Map<String, Object> e : (List<Map<String, Object>>) page.get("items")) {
        assertThat(((Number) e.get("seq")).longValue()).isEqualTo(leaves.size() + 1L);
        leaves.add(TreeHashes.leafOfEntry((String) e.get("hash")));
      }
      token = (String) page.get("nextPageToken");
    } while (token != null);
    return leaves;
  }

  private Map<String, Object> ok(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) {
    MvcResult result = perform(request);
    assertThat(result.getResponse().getStatus()).as(safeContent(result)).isEqualTo(200);
    return body(result);
  }

  @SuppressWarnings("unchecked")
  private static List<byte[]> hashes(Map<String, Object> proof) {
    return ((List<String>) proof.get("hashes"))
        .stream().map(h -> Base64.getDecoder().decode(h)).toList();
  }

  private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder get(
      String path) {
    return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path);
  }
}
