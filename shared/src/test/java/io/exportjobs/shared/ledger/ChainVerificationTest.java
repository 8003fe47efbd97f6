package io.exportjobs.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify} recomputes the chain and names the first broken entry when a row is changed
 * directly in the database, behind the service's back.
 */
class ChainVerificationTest {

  TestDatabase db;
  LedgerStore store;

  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(engine());
    store = new LedgerStore(db.jdbcClient(), db.jdbcTemplate(), db.tx(), Clock.systemUTC());
    List<NewLedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      entries.add(
          new NewLedgerEntry(
              Instant.parse("2026-10-01T00:00:00Z").plusSeconds(i),
              "alice",
              "document.read",
              "doc/" + i,
              Outcome.SUCCESS,
              Map.of("amount", i, "ip", "10.0.0.1")));
    }
    store.append("demo", entries);
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void anIntactChainIsValid() {
    ChainVerification v = store.verify("demo", 1, null);
    assertThat(v.valid()).isTrue();
    assertThat(v.checked()).isEqualTo(500);
    assertThat(v.headSeq()).isEqualTo(500);
    assertThat(v.headHash()).isEqualTo(store.head("demo").hash());
    assertThat(v.firstBrokenSeq()).isNull();
  }

  @Test
  void aTamperedAttributeValueIsFoundWithItsSeq() {
    tamper(
        "UPDATE ledger_entries SET attributes = ? WHERE tenant = 'demo' AND seq = 217",
        "{\"amount\":999999,\"ip\":\"10.0.0.1\"}");
    ChainVerification v = store.verify("demo", 1, null);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(217);
    assertThat(v.checked()).isEqualTo(500);
    // a range before the tampered entry is still valid; one that holds it is not
    assertThat(store.verify("demo", 1, 216L).valid()).isTrue();
    assertThat(store.verify("demo", 200, 300L).firstBrokenSeq()).isEqualTo(217);
  }

  @Test
  void aDeletedEntryIsFoundAsTheFirstMissingSeq() {
    tamper("DELETE FROM ledger_entries WHERE tenant = 'demo' AND seq = ?", 42L);
    ChainVerification v = store.verify("demo", 1, null);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(42);
  }

  @Test
  void aRehashedForgeryBreaksTheLinkOfTheNextEntry() {
    // an attacker who also recomputes the tampered row's hash still breaks its successor's link
    LedgerEntry original = store.find("demo", 300).orElseThrow();
    Map<String, Object> forged = Map.of("amount", -1, "ip", "10.0.0.1");
    String forgedHash =
        LedgerHasher.hash(
            original.prevHash(),
            original.seq(),
            original.occurredAt(),
            original.recordedAt(),
            original.actor(),
            original.action(),
            original.resource(),
            original.outcome(),
            forged);
    tamper(
        "UPDATE ledger_entries SET attributes = ?, hash = ? WHERE tenant = 'demo' AND seq = 300",
        "{\"amount\":-1,\"ip\":\"10.0.0.1\"}",
        forgedHash);
    ChainVerification v = store.verify("demo", 1, null);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(301);
  }

  @Test
  void anEmptyLedgerIsValid() {
    ChainVerification v = store.verify("nobody", 1, null);
    assertThat(v.valid()).isTrue();
    assertThat(v.checked()).isZero();
    assertThat(v.headSeq()).isZero();
    assertThat(v.headHash()).isEqualTo(ChainHead.GENESIS_HASH);
  }

  private void tamper(String sql, Object... params) {
    int changed = db.jdbcClient().sql(sql).params(params).update();
    assertThat(changed).isEqualTo(1);
  }
}
