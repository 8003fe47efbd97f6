package io.exportjobs.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.export.ExportFilters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LedgerStoreTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00.123Z");
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  TestDatabase db;

  /** The database these tests run on; a subclass runs them all again on PostgreSQL. */
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  private LedgerStore store;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(engine());
    store = newStore(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private LedgerStore newStore(Clock clock) {
    return new LedgerStore(db.jdbcClient(), db.jdbcTemplate(), db.tx(), clock);
  }

  private static NewLedgerEntry entry(Instant at, String actor, String action, String resource) {
    return new NewLedgerEntry(
        at, actor, action, resource, Outcome.SUCCESS, Map.of("n", 1, "note", "x"));
  }

  private long count(String tenant) {
    return db.jdbcClient()
        .sql("SELECT COUNT(*) FROM ledger_entries WHERE tenant = ?")
        .param(tenant)
        .query(Long.class)
        .single();
  }

  private List<LedgerEntry> all(String tenant) {
    List<LedgerEntry> out = new ArrayList<>();
    store.stream(new LedgerQuery(tenant, null, null, null, 0), out::add);
    return out;
  }

  /** Checks seq 1..n without gaps, the genesis link, every link and every hash two ways. */
  private static void assertValidChain(List<LedgerEntry> entries, int expectedCount) {
    assertThat(entries).hasSize(expectedCount);
    String prev = ChainHead.GENESIS_HASH;
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      assertThat(e.seq()).as("seq at index %d", i).isEqualTo(i + 1L);
      assertThat(e.prevHash()).as("prevHash of seq %d", e.seq()).isEqualTo(prev);
      assertThat(e.hash()).matches("sha256:[0-9a-f]{64}");
      assertThat(LedgerHasher.recompute(e)).as("recompute seq %d", e.seq()).isEqualTo(e.hash());
      assertThat(IndependentChain.hashOf(e)).as("independent seq %d", e.seq()).isEqualTo(e.hash());
      prev = e.hash();
    }
  }

  @Test
  void independentCanonicalFormIsRfc8785ForSimpleValues() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("seq", 1L);
    body.put("b", "x\"y\n");
    body.put("a", Map.of("z", 1, "y", List.of("q", 2)));
    assertThat(IndependentChain.canonical(body))
        .isEqualTo("{\"a\":{\"y\":[\"q\",2],\"z\":1},\"b\":\"x\\\"y\\n\",\"seq\":1}");
    assertThat(IndependentChain.GENESIS).isEqualTo("sha256:" + "0".repeat(64));
  }

  @Test
  void firstAppendStartsAtSeqOneFromGenesisAndHashesAsTheContractSays() {
    Instant occurred = Instant.parse("2026-10-05T10:15:30.456789Z");
    AppendResult first =
        store.append(
            "demo",
            List.of(
                new NewLedgerEntry(
                    occurred,
                    "alice",
                    "export.requested",
                    "export:1",
                    Outcome.SUCCESS,
                    Map.of("ticket", "SEC-42", "count", 3)),
                new NewLedgerEntry(T0, "bob", "login", "user:bob", Outcome.DENIED, Map.of())));

    assertThat(first.appended()).isEqualTo(2);
    assertThat(first.firstSeq()).isEqualTo(1);
    assertThat(first.lastSeq()).isEqualTo(2);

    // computed from the inputs alone, not from what the store returns
    Instant occurredMillis = Instant.parse("2026-10-05T10:15:30.456Z");
    String h1 =
        IndependentChain.hash(
            IndependentChain.GENESIS,
            1,
            occurredMillis,
            NOW,
            "alice",
            "export.requested",
            "export:1",
            "success",
            Map.of("ticket", "SEC-42", "count", 3));
    String h2 =
        IndependentChain.hash(h1, 2, T0, NOW, "bob", "login", "user:bob", "denied", Map.of());
    assertThat(first.headHash()).isEqualTo(h2);
    assertThat(store.head("demo")).isEqualTo(new ChainHead(2, h2));

    LedgerEntry e1 = store.find("demo", 1).orElseThrow();
    assertThat(e1.prevHash()).isEqualTo("sha256:" + "0".repeat(64));
    assertThat(e1.hash()).isEqualTo(h1);
    assertThat(e1.occurredAt()).isEqualTo(occurredMillis);
    assertThat(e1.recordedAt()).isEqualTo(NOW);
    assertThat(e1.attributes()).isEqualTo(Map.of("ticket", "SEC-42", "count", 3));
    LedgerEntry e2 = store.find("demo", 2).orElseThrow();
    assertThat(e2.prevHash()).isEqualTo(h1);
    assertThat(e2.hash()).isEqualTo(h2);
    assertThat(e2.outcome()).isEqualTo(Outcome.DENIED);

    AppendResult second = store.append("demo", List.of(entry(T0, "carol", "read", "r")));
    assertThat(second.firstSeq()).isEqualTo(3);
    assertThat(second.lastSeq()).isEqualTo(3);
    assertValidChain(all("demo"), 3);
  }

  @Test
  void emptyLedgerHasGenesisHead() {
    assertThat(store.head("nobody")).isEqualTo(new ChainHead(0, "sha256:" + "0".repeat(64)));
    assertThat(store.find("nobody", 1)).isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentAppendsToOneTenantStayGapFreeAndChained() throws Exception {
    int threads = 8;
    int batches = 25;
    int perBatch = 40;
    LedgerStore systemClockStore = newStore(Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<AppendResult>>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<AppendResult> results = new ArrayList<>();
                  for (int b = 0; b < batches; b++) {
                    List<NewLedgerEntry> batch = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                      batch.add(
                          new NewLedgerEntry(
                              T0.plusSeconds(i),
                              "thread-" + thread,
                              "batch-" + b,
                              "item-" + i,
                              Outcome.SUCCESS,
                              Map.of("thread", thread, "batch", b, "i", i)));
                    }
                    results.add(systemClockStore.append("demo", batch));
                  }
                  return results;
                }));
      }
      start.countDown();
      List<AppendResult> results = new ArrayList<>();
      for (Future<List<AppendResult>> f : futures) {
        results.addAll(f.get(60, TimeUnit.SECONDS));
      }

      // every batch got one contiguous block of seqs; together they cover 1..8000 exactly once
      Set<Long> seen = new HashSet<>();
      for (AppendResult r : results) {
        assertThat(r.appended()).isEqualTo(perBatch);
        assertThat(r.lastSeq() - r.firstSeq() + 1).isEqualTo(perBatch);
        for (long s = r.firstSeq(); s <= r.lastSeq(); s++) {
          assertThat(seen.add(s)).as("seq %d handed out twice", s).isTrue();
        }
      }
      int total = threads * batches * perBatch;
      assertThat(seen).hasSize(total);
      assertThat(Collections.min(seen)).isEqualTo(1);
      assertThat(Collections.max(seen)).isEqualTo(total);

      List<LedgerEntry> entries = all("demo");
      assertValidChain(entries, total);
      assertThat(count("demo")).isEqualTo(total);
      assertThat(store.head("demo")).isEqualTo(new ChainHead(total, entries.get(total - 1).hash()));

      // each batch's 40 entries are contiguous and in order (one transaction each)
      for (AppendResult r : results) {
        LedgerEntry first = entries.get((int) r.firstSeq() - 1);
        for (long s = r.firstSeq(); s <= r.lastSeq(); s++) {
          LedgerEntry e = entries.get((int) s - 1);
          assertThat(e.actor()).isEqualTo(first.actor());
          assertThat(e.action()).isEqualTo(first.action());
          assertThat(e.resource()).isEqualTo("item-" + (s - r.firstSeq()));
        }
        assertThat(entries.get((int) r.lastSeq() - 1).hash()).isEqualTo(r.headHash());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void twoTenantsHaveIndependentChains() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < 6; t++) {
        String tenant = t % 2 == 0 ? "demo" : "acme";
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int b = 0; b < 10; b++) {
                    List<NewLedgerEntry> batch = new ArrayList<>();
                    for (int i = 0; i < 7; i++) {
                      batch.add(entry(T0.plusSeconds(i), tenant + "-" + thread, "a", "r"));
                    }
                    store.append(tenant, batch);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<LedgerEntry> demo = all("demo");
    List<LedgerEntry> acme = all("acme");
    assertValidChain(demo, 210);
    assertValidChain(acme, 210);
    assertThat(demo).allMatch(e -> e.actor().startsWith("demo-"));
    assertThat(acme).allMatch(e -> e.actor().startsWith("acme-"));
    assertThat(store.head("demo").seq()).isEqualTo(210);
    assertThat(store.head("acme").seq()).isEqualTo(210);

    store.append("acme", List.of(entry(T0, "x", "a", "r")));
    assertThat(store.head("acme").seq()).isEqualTo(211);
    assertThat(store.head("demo").seq()).isEqualTo(210);
  }

  @Test
  void sameEventKeyIsAppendedOnce() {
    store.append("demo", List.of(entry(T0, "a", "b", "c")));
    NewLedgerEntry event =
        new NewLedgerEntry(
            T0, "system", "export.completed", "export:1", Outcome.SUCCESS, Map.of(), "ev-1");

    AppendResult first = store.append("demo", List.of(event));
    assertThat(first.appended()).isEqualTo(1);
    assertThat(first.firstSeq()).isEqualTo(2);
    ChainHead head = store.head("demo");

    AppendResult second = store.append("demo", List.of(event));
    assertThat(second.appended()).isZero();
    assertThat(second.lastSeq()).isEqualTo(2);
    assertThat(second.headHash()).isEqualTo(head.hash());
    assertThat(store.head("demo")).isEqualTo(head);
    assertThat(count("demo")).isEqualTo(2);

    // a batch of a recorded event and a new one appends only the new one
    NewLedgerEntry other =
        new NewLedgerEntry(
            T0, "system", "export.expired", "export:1", Outcome.SUCCESS, Map.of(), "ev-2");
    AppendResult mixed = store.append("demo", List.of(event, other));
    assertThat(mixed.appended()).isEqualTo(1);
    assertThat(mixed.firstSeq()).isEqualTo(3);
    assertThat(mixed.lastSeq()).isEqualTo(3);
    assertThat(count("demo")).isEqualTo(3);

    // the key is per tenant
    assertThat(store.append("acme", List.of(event)).appended()).isEqualTo(1);
    assertValidChain(all("demo"), 3);
  }

  @Test
  void aBatchWithOneBadEntryAppendsNothing() {
    store.append("demo", List.of(entry(T0, "a", "b", "c"), entry(T0, "d", "e", "f")));
    ChainHead before = store.head("demo");

    List<NewLedgerEntry> batch =
        List.of(
            entry(T0, "ok-1", "a", "r"),
            entry(T0, "ok-2", "a", "r"),
            entry(T0, "x".repeat(300), "a", "r"),
            entry(T0, "ok-4", "a", "r"));
    assertThatThrownBy(() -> store.append("demo", batch)).isInstanceOf(RuntimeException.class);

    assertThat(store.head("demo")).isEqualTo(before);
    assertThat(count("demo")).isEqualTo(2);
    assertThat(store.find("demo", 3)).isEmpty();

    // and the chain continues from the unchanged head
    AppendResult next = store.append("demo", List.of(entry(T0, "ok", "a", "r")));
    assertThat(next.firstSeq()).isEqualTo(3);
    assertValidChain(all("demo"), 3);
  }

  @Test
  void aFailedFirstBatchLeavesAnEmptyLedger() {
    assertThatThrownBy(
            () ->
                store.append(
                    "fresh",
                    List.of(entry(T0, "ok", "a", "r"), entry(T0, "a", "b", "r".repeat(2000)))))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.head("fresh")).isEqualTo(ChainHead.empty());
    assertThat(count("fresh")).isZero();
    assertThat(store.append("fresh", List.of(entry(T0, "ok", "a", "r"))).firstSeq()).isEqualTo(1);
  }

  // ---------------------------------------------------------------------------------------------
  // range and filter reads

  private static final Instant FROM = Instant.parse("2026-10-10T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-10-20T00:00:00Z");
  private static final List<Instant> TIMES =
      List.of(
          FROM.minusSeconds(86_400),
          FROM.minusMillis(1),
          FROM,
          FROM.plusMillis(1),
          FROM.plus(Duration.ofDays(5)),
          TO.minusMillis(1),
          TO,
          TO.plusMillis(1),
          TO.plus(Duration.ofDays(3)));
  private static final List<String> ACTORS = List.of("alice", "bob", "carol");
  private static final List<String> ACTIONS = List.of("read", "write", "delete");
  private static final List<String> RESOURCES = List.of("doc:1", "doc:2", "doc:3", "doc:4");

  private record Appended(long seq, NewLedgerEntry entry) {}

  /** 400 entries in shuffled time order (seq order is not time order), in a few batches. */
  private List<Appended> seedMixedLedger() {
    Random random = new Random(42);
    List<Appended> data = new ArrayList<>();
    long seq = 0;
    for (int b = 0; b < 8; b++) {
      List<NewLedgerEntry> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        NewLedgerEntry e =
            new NewLedgerEntry(
                TIMES.get(random.nextInt(TIMES.size())),
                ACTORS.get(random.nextInt(ACTORS.size())),
                ACTIONS.get(random.nextInt(ACTIONS.size())),
                RESOURCES.get(random.nextInt(RESOURCES.size())),
                Outcome.values()[random.nextInt(3)],
                Map.of("i", i));
        batch.add(e);
        data.add(new Appended(++seq, e));
      }
      store.append("demo", batch);
    }
    // another tenant's entries must never show up
    store.append("acme", List.of(entry(FROM, "alice", "read", "doc:1")));
    return data;
  }

  private static List<Long> expected(
      List<Appended> data, Instant from, Instant to, Predicate<NewLedgerEntry> p) {
    return data.stream()
        .filter(a -> from == null || !a.entry().occurredAt().isBefore(from))
        .filter(a -> to == null || a.entry().occurredAt().isBefore(to))
        .filter(a -> p.test(a.entry()))
        .map(Appended::seq)
        .toList();
  }

  private List<Long> viaStream(LedgerQuery q) {
    List<Long> seqs = new ArrayList<>();
    store.stream(q, e -> seqs.add(e.seq()));
    return seqs;
  }

  private List<Long> viaPages(LedgerQuery q, int pageSize) {
    List<Long> seqs = new ArrayList<>();
    LedgerQuery next = q;
    while (true) {
      List<LedgerEntry> page = store.page(next, pageSize);
      assertThat(page.size()).isLessThanOrEqualTo(pageSize);
      page.forEach(e -> seqs.add(e.seq()));
      if (page.size() < pageSize) {
        return seqs;
      }
      next = q.after(page.get(page.size() - 1).seq());
    }
  }

  private long sqlCount(String where, Object... params) {
    List<Object> all = new ArrayList<>();
    all.add("demo");
    all.addAll(List.of(params));
    return db.jdbcClient()
        .sql("SELECT COUNT(*) FROM ledger_entries WHERE tenant = ? AND " + where)
        .params(all)
        .query(Long.class)
        .single();
  }

  @Test
  void rangeIsHalfOpenAndInSeqOrder() {
    List<Appended> data = seedMixedLedger();
    LedgerQuery q = new LedgerQuery("demo", FROM, TO, ExportFilters.none(), 0);

    List<Long> expected = expected(data, FROM, TO, e -> true);
    assertThat(expected).isNotEmpty();
    assertThat(viaStream(q)).containsExactlyElementsOf(expected);
    assertThat(viaPages(q, 7)).containsExactlyElementsOf(expected);
    assertThat((long) expected.size())
        .isEqualTo(
            sqlCount(
                "occurred_at >= ? AND occurred_at < ?",
                FROM.atOffset(ZoneOffset.UTC),
                TO.atOffset(ZoneOffset.UTC)));

    List<LedgerEntry> entries = new ArrayList<>();
    store.stream(q, entries::add);
    // boundaries: exactly `from` is in, exactly `to` is out, outside is out
    assertThat(entries).anyMatch(e -> e.occurredAt().equals(FROM));
    assertThat(entries).anyMatch(e -> e.occurredAt().equals(TO.minusMillis(1)));
    assertThat(entries).noneMatch(e -> e.occurredAt().equals(TO));
    assertThat(entries)
        .allMatch(e -> !e.occurredAt().isBefore(FROM) && e.occurredAt().isBefore(TO));
    assertThat(entries).isSortedAccordingTo((a, b) -> Long.compare(a.seq(), b.seq()));
    // what the read returns still verifies
    entries.forEach(e -> assertThat(LedgerHasher.recompute(e)).isEqualTo(e.hash()));
  }

  @Test
  void openBoundsAndAfterSeq() {
    List<Appended> data = seedMixedLedger();
    assertThat(viaStream(new LedgerQuery("demo", null, TO, null, 0)))
        .containsExactlyElementsOf(expected(data, null, TO, e -> true));
    assertThat(viaStream(new LedgerQuery("demo", FROM, null, null, 0)))
        .containsExactlyElementsOf(expected(data, FROM, null, e -> true));
    assertThat(viaStream(new LedgerQuery("demo", null, null, null, 0))).hasSize(400);
    assertThat(viaStream(new LedgerQuery("demo", null, null, null, 390)))
        .containsExactly(391L, 392L, 393L, 394L, 395L, 396L, 397L, 398L, 399L, 400L);
  }

  @Test
  void filtersMatchWhatSqlSays() {
    List<Appended> data = seedMixedLedger();
    record Case(
        ExportFilters filters,
        Predicate<NewLedgerEntry> predicate,
        String where,
        List<Object> params) {}
    List<Case> cases =
        List.of(
            new Case(
                new ExportFilters(List.of("alice"), null, null, null),
                e -> e.actor().equals("alice"),
                "actor = ?",
                List.of("alice")),
            new Case(
                new ExportFilters(List.of("alice", "carol"), List.of("write"), null, null),
                e -> List.of("alice", "carol").contains(e.actor()) && e.action().equals("write"),
                "actor IN (?, ?) AND action = ?",
                List.of("alice", "carol", "write")),
            new Case(
                new ExportFilters(null, null, List.of("doc:2", "doc:4"), List.of(Outcome.DENIED)),
                e ->
                    List.of("doc:2", "doc:4").contains(e.resource())
                        && e.outcome() == Outcome.DENIED,
                "resource IN (?, ?) AND outcome = ?",
                List.of("doc:2", "doc:4", "denied")),
            new Case(
                new ExportFilters(
                    List.of("bob"),
                    List.of("read", "delete"),
                    List.of("doc:1", "doc:3"),
                    List.of(Outcome.SUCCESS, Outcome.FAILURE)),
                e ->
                    e.actor().equals("bob")
                        && List.of("read", "delete").contains(e.action())
                        && List.of("doc:1", "doc:3").contains(e.resource())
                        && e.outcome() != Outcome.DENIED,
                "actor = ? AND action IN (?, ?) AND resource IN (?, ?) AND outcome IN (?, ?)",
                List.of("bob", "read", "delete", "doc:1", "doc:3", "success", "failure")),
            new Case(
                new ExportFilters(List.of("nobody"), null, null, null),
                e -> false,
                "actor = ?",
                List.of("nobody")));
    for (Case c : cases) {
      LedgerQuery q = new LedgerQuery("demo", FROM, TO, c.filters(), 0);
      List<Long> expected = expected(data, FROM, TO, c.predicate());
      List<Object> params = new ArrayList<>(c.params());
      params.add(FROM.atOffset(ZoneOffset.UTC));
      params.add(TO.atOffset(ZoneOffset.UTC));
      long sql =
          sqlCount(c.where() + " AND occurred_at >= ? AND occurred_at < ?", params.toArray());

      assertThat((long) expected.size()).as("oracle vs SQL for %s", c.filters()).isEqualTo(sql);
      assertThat(viaStream(q)).as("stream %s", c.filters()).containsExactlyElementsOf(expected);
      assertThat(viaPages(q, 5)).as("pages %s", c.filters()).containsExactlyElementsOf(expected);
    }
  }
}
