package io.exportjobs.shared.ledger;

import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.tlog.TreeHashes;
import io.exportjobs.shared.db.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write side of {@link LedgerStore}: appends lock the tenant's head row, so that concurrent
 * appenders (threads or api instances) queue up and {@code seq} stays gap-free; a batch is one
 * transaction, all or nothing, and grows the tenant's Merkle tree with it.
 */
final class LedgerAppender {

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final LedgerTree tree;
  private final boolean growTree;

  LedgerAppender(
      JdbcClient jdbc,
      JdbcTemplate jdbcTemplate,
      TransactionTemplate tx,
      Clock clock,
      LedgerTree tree,
      boolean growTree) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
    this.tx = tx;
    this.clock = clock;
    this.tree = tree;
    this.growTree = growTree;
  }

  /**
   * Appends all entries or none. Entries whose {@code eventKey} is already recorded are skipped.
   */
  AppendResult append(String tenant, List<NewLedgerEntry> entries) {
    ensureHeadRow(tenant);
    return tx.execute(
        status -> {
          ChainHead head =
              jdbc.sql("SELECT head_seq, head_hash FROM ledger_heads WHERE tenant = ? FOR UPDATE")
                  .param(tenant)
                  .query((rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2)))
                  .single();
          List<NewLedgerEntry> fresh = withoutRecordedEvents(tenant, entries);
          if (fresh.isEmpty()) {
            return new AppendResult(0, head.seq(), head.seq(), head.hash());
          }
          Instant recordedAt = notBefore(tenant, head, clock.instant());
          List<Object[]> rows = new ArrayList<>(fresh.size());
          List<byte[]> leaves = new ArrayList<>(fresh.size());
          long seq = head.seq();
          String prev = head.hash();
          for (NewLedgerEntry e : fresh) {
            seq++;
            Instant occurredAt = e.occurredAt().truncatedTo(ChronoUnit.MILLIS);
            String hash =
                LedgerHasher.hash(
                    prev,
                    seq,
                    occurredAt,
                    recordedAt,
                    e.actor(),
                    e.action(),
                    e.resource(),
                    e.outcome(),
                    e.attributes());
            rows.add(
                new Object[] {
                  tenant,
                  seq,
                  toSql(occurredAt),
                  toSql(recordedAt),
                  e.actor(),
                  e.action(),
                  e.resource(),
                  e.outcome().wire(),
                  Json.canonicalString(e.attributes()),
                  e.eventKey(),
                  prev,
                  hash
                });
            leaves.add(TreeHashes.leafOfEntry(hash));
            prev = hash;
          }
          jdbcTemplate.batchUpdate(
              "INSERT INTO ledger_entries (tenant, seq, occurred_at, recorded_at, actor, action,"
                  + " resource, outcome, attributes, event_key, prev_hash, hash) VALUES (?, ?, ?,"
                  + " ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              rows);
          if (growTree) {
            tree.appendLeaves(tenant, head.seq(), leaves);
          }
          jdbc.sql("UPDATE ledger_heads SET head_seq = ?, head_hash = ? WHERE tenant = ?")
              .params(seq, prev, tenant)
              .update();
          return new AppendResult(fresh.size(), head.seq() + 1, seq, prev);
        });
  }

  private List<NewLedgerEntry> withoutRecordedEvents(String tenant, List<NewLedgerEntry> entries) {
    Set<String> recorded =
        recordedEventKeys(
            tenant, entries.stream().map(NewLedgerEntry::eventKey).filter(k -> k != null).toList());
    if (recorded.isEmpty()) {
      return entries;
    }
    return entries.stream()
        .filter(e -> e.eventKey() == null || !recorded.contains(e.eventKey()))
        .toList();
  }

  /** Which of {@code keys} the tenant's ledger holds already, in one query. */
  Set<String> recordedEventKeys(String tenant, Collection<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.sql(
                "SELECT event_key FROM ledger_entries WHERE tenant = :tenant AND event_key IN"
                    + " (:keys)")
            .param("tenant", tenant)
            .param("keys", List.copyOf(new LinkedHashSet<>(keys)))
            .query(String.class)
            .list());
  }

  /**
   * {@code now}, or the head entry's recordedAt if that is later (another instance's clock ahead of
   * this one's): recordedAt never decreases along seq, so the entries recorded in a time range are
   * one run of seqs, which the boundary entries of a {@code recorded} pack prove complete.
   */
  private Instant notBefore(String tenant, ChainHead head, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    if (head.seq() == 0) {
      return at;
    }
    Instant last =
        jdbc.sql("SELECT recorded_at FROM ledger_entries WHERE tenant = ? AND seq = ?")
            .params(tenant, head.seq())
            .query((rs, n) -> SqlTime.read(rs, "recorded_at"))
            .optional()
            .orElse(at);
    return last.isAfter(at) ? last : at;
  }

  /** Creates the tenant's head row in its own transaction; a concurrent creator simply wins. */
  void ensureHeadRow(String tenant) {
    boolean exists =
        jdbc.sql("SELECT COUNT(*) FROM ledger_heads WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single()
            > 0;
    if (exists) {
      return;
    }
    try {
      tx.executeWithoutResult(
          s ->
              jdbc.sql("INSERT INTO ledger_heads (tenant, head_seq, head_hash) VALUES (?, 0, ?)")
                  .params(tenant, ChainHead.GENESIS_HASH)
                  .update());
    } catch (DuplicateKeyException alreadyCreated) {
      // another appender created it first; that is all we needed
    }
  }
}
