package io.exportjobs.shared.ledger;

import io.exportjobs.pack.tlog.CompactRange;
import io.exportjobs.pack.tlog.MerkleProofs;
import io.exportjobs.pack.tlog.NodeReader;
import io.exportjobs.pack.tlog.Tiles;
import io.exportjobs.pack.tlog.Tiles.TileId;
import io.exportjobs.pack.tlog.Tiles.TileWrite;
import io.exportjobs.pack.tlog.TreeHashes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each tenant's RFC 9162 Merkle tree over its entries (leaf {@code seq - 1} is entry {@code seq}),
 * stored as tiles in {@code ledger_tree_tiles} (see {@link Tiles}): a root or a proof reads at most
 * a few tiles per 8 tree levels, in one query, whatever the ledger's length. The tree grows inside
 * the append's transaction, under the tenant's head lock, so its size is always the head's seq.
 */
public class LedgerTree {

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;

  public LedgerTree(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
  }

  /**
   * Adds the leaves of entries appended to a tree of {@code oldSize}. Runs in the caller's
   * transaction, which holds the tenant's head row lock ({@link LedgerStore#append}; the V6
   * migration, which builds the trees of existing ledgers, is alone on the database).
   */
  public void appendLeaves(String tenant, long oldSize, List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return;
    }
    List<TileId> partial = Tiles.partialTiles(oldSize).stream().map(Tiles.TileWidth::id).toList();
    Map<TileId, byte[]> current = tiles(tenant, partial);
    List<TileWrite> writes = Tiles.append(oldSize, leafHashes, current::get);
    List<Object[]> inserts = new ArrayList<>();
    List<Object[]> updates = new ArrayList<>();
    for (TileWrite w : writes) {
      if (w.existed()) {
        updates.add(new Object[] {w.hashes(), tenant, w.id().level(), w.id().index()});
      } else {
        inserts.add(new Object[] {tenant, w.id().level(), w.id().index(), w.hashes()});
      }
    }
    if (!updates.isEmpty()) {
      jdbcTemplate.batchUpdate(
          "UPDATE ledger_tree_tiles SET hashes = ? WHERE tenant = ? AND tile_level = ?"
              + " AND tile_index = ?",
          updates);
    }
    if (!inserts.isEmpty()) {
      jdbcTemplate.batchUpdate(
          "INSERT INTO ledger_tree_tiles (tenant, tile_level, tile_index, hashes)"
              + " VALUES (?, ?, ?, ?)",
          inserts);
    }
  }

  /** Reads the hashes of the tenant's tree; every node asked for must be complete. */
  public NodeReader reader(String tenant) {
    return Tiles.reader(ids -> tiles(tenant, ids));
  }

  /** The root of the tenant's tree of {@code size} leaves (at most the head's seq). */
  public byte[] root(String tenant, long size) {
    return MerkleProofs.root(size, reader(tenant));
  }

  /** The inclusion proof of entry {@code seq} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(String tenant, long seq, long size) {
    return MerkleProofs.inclusion(seq - 1, size, reader(tenant));
  }

  public List<byte[]> consistencyProof(String tenant, long fromSize, long toSize) {
    return MerkleProofs.consistency(fromSize, toSize, reader(tenant));
  }

  /** The compact range of leaves {@code [begin, end)}, e.g. the entries before a pack's span. */
  public CompactRange compactRange(String tenant, long begin, long end) {
    return MerkleProofs.compactRange(begin, end, reader(tenant));
  }

  /** What {@link #leaves} hands over: one entry's seq and its Merkle leaf hash. */
  @FunctionalInterface
  public interface LeafSink {
    void accept(long seq, byte[] leafHash);
  }

  /**
   * The leaf hash of every entry {@code fromSeq <= seq <= toSeq}, in seq order, read from the
   * entries' hashes in chunks of {@value #LEAF_CHUNK} seqs, so memory stays bounded whatever the
   * span.
   */
  public void leaves(String tenant, long fromSeq, long toSeq, LeafSink sink) {
    for (long from = fromSeq; from <= toSeq; from += LEAF_CHUNK) {
      long to = Math.min(toSeq, from + LEAF_CHUNK - 1);
      jdbc.sql(
              "SELECT seq, hash FROM ledger_entries WHERE tenant = ? AND seq >= ? AND seq <= ?"
                  + " ORDER BY seq")
          .params(tenant, from, to)
          .query(
              (RowCallbackHandler)
                  rs -> sink.accept(rs.getLong(1), TreeHashes.leafOfEntry(rs.getString(2))));
    }
  }

  private static final int LEAF_CHUNK = 10_000;

  private Map<TileId, byte[]> tiles(String tenant, Collection<TileId> ids) {
    Map<TileId, byte[]> tiles = new HashMap<>();
    if (ids.isEmpty()) {
      return tiles;
    }
    StringJoiner where = new StringJoiner(" OR ", " AND (", ")");
    List<Object> params = new ArrayList<>();
    params.add(tenant);
    for (TileId id : ids) {
      where.add("(tile_level = ? AND tile_index = ?)");
      params.add(id.level());
      params.add(id.index());
    }
    jdbc.sql(
            "SELECT tile_level, tile_index, hashes FROM ledger_tree_tiles WHERE tenant = ?" + where)
        .params(params)
        .query(
            rs -> {
              tiles.put(new TileId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
            });
    return tiles;
  }
}
