package io.exportjobs.shared.ledger;

import static io.exportjobs.shared.db.SqlTime.read;
import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.tlog.TreeHashes;
import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.export.ExportFilters;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained ledger. Appends lock the tenant's head row, so that concurrent
 * appenders (threads or api instances) queue up and {@code seq} stays gap-free; a batch is one
 * transaction, all or nothing, and grows the tenant's Merkle tree ({@link LedgerTree}) with it.
 * Reads stream with a fetch size, so an export never holds the whole range in memory.
 */
public class LedgerStore {

  private static final String COLUMNS =
      "seq, occurred_at, recorded_at, actor, action, resource, outcome, attributes, prev_hash,"
          + " hash";
  private static final int STREAM_FETCH_SIZE = 2_000;

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final LedgerTree tree;
  private final boolean growTree;

  public LedgerStore(
      JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate tx, Clock clock) {
    this(jdbc, jdbcTemplate, tx, clock, true);
  }

  /** {@code growTree} false only for the benchmark that measures what the tree costs appends. */
  LedgerStore(
      JdbcClient jdbc,
      JdbcTemplate jdbcTemplate,
      TransactionTemplate tx,
      Clock clock,
      boolean growTree) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
    this.tx = tx;
    this.clock = clock;
    this.tree = new LedgerTree(jdbc, jdbcTemplate);
    this.growTree = growTree;
  }

  /** The tenants' Merkle trees, which {@link #append} grows with the entries. */
  public LedgerTree tree() {
    return tree;
  }

  /**
   * Appends all entries or none. Entries whose {@code eventKey} is already recorded are skipped.
   */
  public AppendResult append(String tenant, List<NewLedgerEntry> entries) {
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
    List<NewLedgerEntry> fresh = new ArrayList<>(entries.size());
    for (NewLedgerEntry e : entries) {
      boolean recorded =
          e.eventKey() != null
              && jdbc.sql("SELECT COUNT(*) FROM ledger_entries WHERE tenant = ? AND event_key = ?")
                      .params(tenant, e.eventKey())
                      .query(Long.class)
                      .single()
                  > 0;
      if (!recorded) {
        fresh.add(e);
      }
    }
    return fresh;
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
  private void ensureHeadRow(String tenant) {
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

  /**
   * The tenant's chain as it was recorded before {@code before}: the entry with the latest
   * (recordedAt, seq) below it, or the empty head. A pure function of the immutable ledger, so an
   * export pinned to it reads the same entries on every attempt.
   */
  public ChainHead headAsOf(String tenant, Instant before) {
    return jdbc.sql(
            "SELECT seq, hash FROM ledger_entries WHERE tenant = ? AND recorded_at < ?"
                + " ORDER BY recorded_at DESC, seq DESC LIMIT 1")
        .params(tenant, SqlTime.toSql(before))
        .query((rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2)))
        .optional()
        .orElse(ChainHead.empty());
  }

  /**
   * The seqs {@code [first, last]} recorded in {@code [from, to)} among the first {@code maxSeq}
   * entries: since recordedAt never decreases along seq, one run. Empty ({@code last = first - 1})
   * when none was, {@code first} then the first seq recorded at or after {@code from}.
   */
  public long[] recordedSpan(String tenant, Instant from, Instant to, long maxSeq) {
    Long first =
        jdbc.sql(
                "SELECT MIN(seq) FROM ledger_entries WHERE tenant = ? AND recorded_at >= ?"
                    + " AND seq <= ?")
            .params(tenant, toSql(from), maxSeq)
            .query(Long.class)
            .optional()
            .orElse(null);
    Long last =
        jdbc.sql(
                "SELECT MAX(seq) FROM ledger_entries WHERE tenant = ? AND recorded_at < ?"
                    + " AND seq <= ?")
            .params(tenant, toSql(to), maxSeq)
            .query(Long.class)
            .optional()
            .orElse(null);
    long f = first == null ? maxSeq + 1 : first;
    long l = last == null ? 0 : last;
    return l < f ? new long[] {f, f - 1} : new long[] {f, l};
  }

  /** How many entries the query matches (the policy's max-entries check, before any writing). */
  public long count(LedgerQuery query) {
    Sql sql = select(query);
    String text =
        sql.text.toString().replace("SELECT " + COLUMNS + " FROM", "SELECT COUNT(*) FROM");
    return jdbc.sql(text).params(sql.params).query(Long.class).single();
  }

  public ChainHead head(String tenant) {
    return jdbc.sql("SELECT head_seq, head_hash FROM ledger_heads WHERE tenant = ?")
        .param(tenant)
        .query((rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2)))
        .optional()
        .orElse(ChainHead.empty());
  }

  /** One page of a query, in seq order: at most {@code limit} entries with seq > afterSeq. */
  public List<LedgerEntry> page(LedgerQuery query, int limit) {
    Sql sql = select(query);
    sql.text.append(" ORDER BY seq LIMIT ?");
    sql.params.add(limit);
    return jdbc.sql(sql.text.toString()).params(sql.params).query((rs, n) -> map(rs)).list();
  }

  /**
   * Streams every matching entry to {@code sink} in seq order, in one read-only transaction with a
   * server-side cursor (PostgreSQL needs both for a cursor instead of a full fetch).
   */
  public void stream(LedgerQuery query, Consumer<LedgerEntry> sink) {
    streamRecorded(query, recorded -> sink.accept(recorded.toEntry()));
  }

  /** Like {@link #stream}, without parsing {@code attributes}: the fast path of exports. */
  public void streamRecorded(LedgerQuery query, Consumer<RecordedEntry> sink) {
    Sql sql = select(query);
    sql.text.append(" ORDER BY seq");
    streamRows(sql, sink);
  }

  /**
   * The query that {@link #streamRecorded} runs, as SQL with {@code ?} placeholders and their
   * values, for a reader that sends it another way (PostgreSQL's {@code COPY}, which takes no
   * parameters). The columns are those of {@link RecordedEntry}, in its order.
   */
  public static Select exportSelect(LedgerQuery query) {
    Sql sql = select(query);
    sql.text.append(" ORDER BY seq");
    return new Select(sql.text.toString(), List.copyOf(sql.params));
  }

  /** SQL text whose {@code ?} are placeholders for {@code params}, in order. */
  public record Select(String sql, List<Object> params) {}

  /**
   * Runs {@code sql} with a forward-only cursor and a fetch size, inside a read-only transaction,
   * so that PostgreSQL streams the rows instead of fetching them all.
   */
  private void streamRows(Sql sql, Consumer<RecordedEntry> sink) {
    tx.executeWithoutResult(
        status ->
            jdbcTemplate.query(
                con -> {
                  PreparedStatement ps =
                      con.prepareStatement(
                          sql.text.toString(),
                          ResultSet.TYPE_FORWARD_ONLY,
                          ResultSet.CONCUR_READ_ONLY);
                  ps.setFetchSize(STREAM_FETCH_SIZE);
                  for (int i = 0; i < sql.params.size(); i++) {
                    ps.setObject(i + 1, sql.params.get(i));
                  }
                  return ps;
                },
                rs -> {
                  sink.accept(mapRecorded(rs));
                }));
  }

  /**
   * Recomputes the chain of {@code tenant} over {@code [fromSeq, toSeq]} (clamped to the head),
   * streaming, so any length can be verified in constant memory.
   */
  public ChainVerification verify(String tenant, long fromSeq, Long toSeq) {
    ChainHead head = head(tenant);
    long from = Math.max(1, fromSeq);
    long to = toSeq == null ? head.seq() : Math.min(toSeq, head.seq());
    if (from > to) {
      return new ChainVerification(true, 0, head.seq(), head.hash(), null);
    }
    String prev =
        from == 1
            ? ChainHead.GENESIS_HASH
            : find(tenant, from - 1).map(LedgerEntry::hash).orElse(ChainHead.GENESIS_HASH);
    ChainVerifier verifier = new ChainVerifier(from, prev);
    Sql sql = new Sql();
    sql.text
        .append("SELECT ")
        .append(COLUMNS)
        .append(" FROM ledger_entries WHERE tenant = ? AND seq >= ? AND seq <= ? ORDER BY seq");
    sql.params.addAll(List.of(tenant, from, to));
    streamRows(sql, recorded -> verifier.accept(recorded.toEntry()));
    verifier.finish(to);
    return new ChainVerification(
        verifier.firstBroken() == null,
        verifier.checked(),
        head.seq(),
        head.hash(),
        verifier.firstBroken());
  }

  public Optional<LedgerEntry> find(String tenant, long seq) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM ledger_entries WHERE tenant = ? AND seq = ?")
        .params(tenant, seq)
        .query((rs, n) -> map(rs))
        .optional();
  }

  private static Sql select(LedgerQuery q) {
    Sql sql = new Sql();
    sql.text.append("SELECT ").append(COLUMNS).append(" FROM ledger_entries WHERE tenant = ?");
    sql.params.add(q.tenant());
    String time = q.recorded() ? "recorded_at" : "occurred_at";
    if (q.from() != null) {
      sql.text.append(" AND ").append(time).append(" >= ?");
      sql.params.add(toSql(q.from()));
    }
    if (q.to() != null) {
      sql.text.append(" AND ").append(time).append(" < ?");
      sql.params.add(toSql(q.to()));
    }
    if (q.afterSeq() > 0) {
      sql.text.append(" AND seq > ?");
      sql.params.add(q.afterSeq());
    }
    if (q.maxSeq() < Long.MAX_VALUE) {
      sql.text.append(" AND seq <= ?");
      sql.params.add(q.maxSeq());
    }
    ExportFilters f = q.filters();
    in(sql, "actor", f.actors());
    in(sql, "action", f.actions());
    in(sql, "resource", f.resources());
    in(sql, "outcome", f.outcomes().stream().map(Outcome::wire).toList());
    return sql;
  }

  private static void in(Sql sql, String column, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    sql.text
        .append(" AND ")
        .append(column)
        .append(" IN (")
        .append(String.join(", ", Collections.nCopies(values.size(), "?")))
        .append(')');
    sql.params.addAll(values);
  }

  private static LedgerEntry map(ResultSet rs) throws SQLException {
    return mapRecorded(rs).toEntry();
  }

  /** By column index, in the order of {@link #COLUMNS}: this runs once per exported entry. */
  private static RecordedEntry mapRecorded(ResultSet rs) throws SQLException {
    return new RecordedEntry(
        rs.getLong(1),
        read(rs, 2),
        read(rs, 3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        Outcome.parse(rs.getString(7)).orElseThrow(),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10));
  }

  private static final class Sql {
    final StringBuilder text = new StringBuilder();
    final List<Object> params = new ArrayList<>();
  }
}
