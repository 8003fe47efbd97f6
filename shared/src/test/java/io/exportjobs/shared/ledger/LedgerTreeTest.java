package io.exportjobs.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.tlog.CompactRange;
import io.exportjobs.pack.tlog.MerkleProofs;
import io.exportjobs.pack.tlog.NodeId;
import io.exportjobs.pack.tlog.NodeReader;
import io.exportjobs.pack.tlog.ProofVerifier;
import io.exportjobs.pack.tlog.Tiles;
import io.exportjobs.pack.tlog.Tiles.TileId;
import io.exportjobs.pack.tlog.TreeHashes;
import io.exportjobs.shared.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stored Merkle tree stays the tree of the entries: under concurrent appenders, across tile
 * boundaries, and when the V6 migration builds it for a ledger recorded before it existed.
 */
class LedgerTreeTest {

  static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  TestDatabase db;

  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  /**
   * 6 appenders, each with its own connection pool (as api instances would be), append batches of 1
   * to 700 entries to one tenant, and a little to another: then every root of sizes 0..N,
   * recomputed from the entries alone, equals the stored tree's, and proofs verify against them.
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void concurrentAppendersKeepTheTreeTheTreeOfTheEntries() throws Exception {
    db = TestDatabase.create(engine());
    int appenders = 6;
    ExecutorService pool = Executors.newFixedThreadPool(appenders);
    List<DataSource> instances = new ArrayList<>();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int a = 0; a < appenders; a++) {
        DataSource ds = db.newPool();
        instances.add(ds);
        LedgerStore instance = store(ds);
        Random random = new Random(a);
        int appender = a;
        running.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < 12; b++) {
                    int size = b % 4 == 0 ? 1 : 1 + random.nextInt(700);
                    instance.append(appender == 0 ? "acme" : "demo", batch(appender, b, size));
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      for (DataSource ds : instances) {
        ((AutoCloseable) ds).close();
      }
    }
    LedgerStore store = store(db.dataSource());
    for (String tenant : List.of("demo", "acme")) {
      long head = store.head(tenant).seq();
      assertThat(head).isGreaterThan(0);
      assertEveryRootIsTheEntriesRoot(store, db.jdbcClient(), tenant, head);
    }
  }

  /**
   * Across tile boundaries (every 256 leaves), one entry at a time and in batches that fill several
   * tiles at once. (Level-2 tiles, past 65,536 leaves, are the same code: TilesTest.)
   */
  @Test
  void appendsAcrossTileBoundaries() {
    db = TestDatabase.create(engine());
    LedgerStore store = store(db.dataSource());
    for (int i = 0; i < 300; i++) {
      store.append("demo", batch(0, i, 1));
    }
    store.append("demo", batch(1, 0, 2_000));
    store.append("demo", batch(1, 1, 212));
    for (int i = 0; i < 40; i++) {
      store.append("demo", batch(2, i, 1));
    }
    store.append("demo", batch(1, 2, 1_000));
    assertThat(store.head("demo").seq()).isEqualTo(3_552);
    assertEveryRootIsTheEntriesRoot(store, db.jdbcClient(), "demo", 3_552);
  }

  /**
   * A ledger recorded before the tree existed (migrated to V5 only) gets its tree from V6, and
   * appends after it grow that tree.
   */
  @Test
  void theMigrationBuildsTheTreeOfExistingLedgers() {
    db = TestDatabase.create(engine(), "3");
    LedgerStore before =
        new LedgerStore(
            db.jdbcClient(), db.jdbcTemplate(), db.tx(), Clock.systemUTC(), /* growTree */ false);
    for (int b = 0; b < 4; b++) {
      before.append("demo", batch(0, b, 5_000));
    }
    before.append("acme", batch(1, 0, 1));
    before.append("demo", batch(0, 9, 123));
    db.migrate();
    assertThat(
            db.jdbcClient()
                .sql("SELECT COUNT(*) FROM ledger_tree_tiles WHERE tenant = 'demo'")
                .query(Long.class)
                .single())
        .isGreaterThan(0);
    LedgerStore after = store(db.dataSource());
    assertEveryRootIsTheEntriesRoot(after, db.jdbcClient(), "demo", 20_123);
    assertEveryRootIsTheEntriesRoot(after, db.jdbcClient(), "acme", 1);
    after.append("demo", batch(2, 0, 300));
    after.append("acme", batch(2, 1, 1));
    assertEveryRootIsTheEntriesRoot(after, db.jdbcClient(), "demo", 20_423);
    assertEveryRootIsTheEntriesRoot(after, db.jdbcClient(), "acme", 2);
  }

  /**
   * Recomputes the root of every size 1..head from the entries' hashes (not the tree), checks the
   * stored tree against each, and proves a sample of entries and sizes.
   */
  static void assertEveryRootIsTheEntriesRoot(
      LedgerStore store, JdbcClient jdbc, String tenant, long head) {
    List<byte[]> leaves = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    store.stream(
        new LedgerQuery(tenant, null, null, null, 0),
        e -> {
          seqs.add(e.seq());
          leaves.add(TreeHashes.leafOfEntry(e.hash()));
        });
    assertThat(seqs).hasSize((int) head);
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(i + 1L);
    }
    Map<TileId, byte[]> stored = new HashMap<>();
    jdbc.sql("SELECT tile_level, tile_index, hashes FROM ledger_tree_tiles WHERE tenant = ?")
        .param(tenant)
        .query(
            rs -> {
              stored.put(new TileId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
            });
    NodeReader fromTiles = Tiles.reader(ids -> stored);
    Map<NodeId, byte[]> seen = new HashMap<>(); // each node once, or every size costs ~1000 hashes
    NodeReader storedTiles =
        ids -> {
          Map<NodeId, byte[]> out = new HashMap<>();
          for (NodeId id : ids) {
            out.put(id, seen.computeIfAbsent(id, n -> fromTiles.read(List.of(n)).get(n)));
          }
          return out;
        };
    CompactRange fromEntries = CompactRange.empty(0);
    List<byte[]> roots = new ArrayList<>();
    roots.add(fromEntries.root());
    for (int size = 1; size <= head; size++) {
      fromEntries.appendLeaf(leaves.get(size - 1));
      byte[] root = fromEntries.root();
      roots.add(root);
      assertThat(MerkleProofs.root(size, storedTiles))
          .as("%s root of size %d", tenant, size)
          .isEqualTo(root);
    }
    LedgerTree tree = store.tree();
    Random random = new Random(head);
    for (long size : List.of(0L, 1L, head)) {
      assertThat(tree.root(tenant, size)).isEqualTo(roots.get((int) size));
    }
    for (int i = 0; i < 100; i++) {
      long size = 1 + random.nextInt((int) head);
      long seq = 1 + random.nextInt((int) size);
      long from = random.nextInt((int) size + 1);
      assertThat(tree.root(tenant, size)).isEqualTo(roots.get((int) size));
      ProofVerifier.verifyInclusion(
          seq - 1,
          size,
          leaves.get((int) seq - 1),
          tree.inclusionProof(tenant, seq, size),
          roots.get((int) size));
      ProofVerifier.verifyConsistency(
          from,
          size,
          roots.get((int) from),
          roots.get((int) size),
          tree.consistencyProof(tenant, from, size));
    }
  }

  static LedgerStore store(DataSource ds) {
    return new LedgerStore(
        JdbcClient.create(ds),
        new JdbcTemplate(ds),
        new TransactionTemplate(new DataSourceTransactionManager(ds)),
        Clock.systemUTC());
  }

  static List<NewLedgerEntry> batch(int appender, int batch, int size) {
    List<NewLedgerEntry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      entries.add(
          new NewLedgerEntry(
              T0.plusSeconds(i),
              "appender-" + appender,
              "tree.append",
              "batch/" + batch,
              Outcome.SUCCESS,
              Map.of("i", i)));
    }
    return entries;
  }
}
