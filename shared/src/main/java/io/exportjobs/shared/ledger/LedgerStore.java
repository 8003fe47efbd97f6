package io.exportjobs.shared.ledger;

import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.db.SqlTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained ledger. Appends lock the tenant's head row, so that concurrent
 * appenders (threads or api instances) queue up and {@code seq} stays gap-free; a batch is one
 * transaction, all or nothing, and grows the tenant's Merkle tree ({@link LedgerTree}) with it
 * ({@link LedgerAppender}). Reads stream with a fetch size, so an export never holds the whole
 * range in memory.
 */
public class LedgerStore {

  private static final String COLUMNS = LedgerSql.COLUMNS;
  private static final int STREAM_FETCH_SIZE = 2_000;

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;
  private final TransactionTemplate tx;
  private final LedgerTree tree;
  private final LedgerAppender appender;

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
    this.tree = new LedgerTree(jdbc, jdbcTemplate);
    this.appender = new LedgerAppender(jdbc, jdbcTemplate, tx, clock, tree, growTree);
  }

  /** The tenants' Merkle trees, which {@link #append} grows with the entries. */
  public LedgerTree tree() {
    return tree;
  }

  /**
   * Appends all entries or none. Entries whose {@code eventKey} is already recorded are skipped.
   */
  public AppendResult append(String tenant, List<NewLedgerEntry> entries) {
    return appender.append(tenant, entries);
  }

  /** Which of {@code eventKeys} the tenant's ledger holds already, read in one query. */
  public Set<String> recordedEventKeys(String tenant, Collection<String> eventKeys) {
    return appender.recordedEventKeys(tenant, eventKeys);
  }

  /**
   * Creates the tenant's chain head if it is missing, in a transaction of its own and without
   * waiting for appends in progress: an append joined to a larger transaction then finds it.
   */
  public void ensureChain(String tenant) {
    appender.ensureHeadRow(tenant);
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
    LedgerSql sql = LedgerSql.select(query);
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
    LedgerSql sql = LedgerSql.select(query);
    sql.text.append(" ORDER BY seq LIMIT ?");
    sql.params.add(limit);
    return jdbc.sql(sql.text.toString())
        .params(sql.params)
        .query((rs, n) -> LedgerSql.map(rs))
        .list();
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
    streamRecorded(query, sink, new ReadCancel());
  }

  /**
   * Like {@link #streamRecorded(LedgerQuery, Consumer)}, and stopped by {@code cancel} from another
   * thread even while it waits on the database.
   */
  public void streamRecorded(LedgerQuery query, Consumer<RecordedEntry> sink, ReadCancel cancel) {
    LedgerSql sql = LedgerSql.select(query);
    sql.text.append(" ORDER BY seq");
    streamRows(sql, sink, cancel);
  }

  /**
   * The query that {@link #streamRecorded} runs, as SQL with {@code ?} placeholders and their
   * values, for a reader that sends it another way (PostgreSQL's {@code COPY}, which takes no
   * parameters). The columns are those of {@link RecordedEntry}, in its order.
   */
  public static Select exportSelect(LedgerQuery query) {
    LedgerSql sql = LedgerSql.select(query);
    sql.text.append(" ORDER BY seq");
    return new Select(sql.text.toString(), List.copyOf(sql.params));
  }

  /** SQL text whose {@code ?} are placeholders for {@code params}, in order. */
  public record Select(String sql, List<Object> params) {}

  /**
   * Runs {@code sql} with a forward-only cursor and a fetch size, inside a read-only transaction,
   * so that PostgreSQL streams the rows instead of fetching them all.
   */
  private void streamRows(LedgerSql sql, Consumer<RecordedEntry> sink, ReadCancel cancel) {
    try {
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
                    cancel.starting(ps);
                    return ps;
                  },
                  rs -> {
                    sink.accept(LedgerSql.mapRecorded(rs));
                  }));
    } finally {
      cancel.finished();
    }
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
    LedgerSql sql = new LedgerSql();
    sql.text
        .append("SELECT ")
        .append(COLUMNS)
        .append(" FROM ledger_entries WHERE tenant = ? AND seq >= ? AND seq <= ? ORDER BY seq");
    sql.params.addAll(List.of(tenant, from, to));
    streamRows(sql, recorded -> verifier.accept(recorded.toEntry()), new ReadCancel());
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
        .query((rs, n) -> LedgerSql.map(rs))
        .optional();
  }
}
