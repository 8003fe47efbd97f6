package db.migration;

import io.exportjobs.pack.tlog.TreeHashes;
import io.exportjobs.shared.ledger.LedgerTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Issue 14: each tenant's Merkle tree, stored as tiles (see {@code io.exportjobs.pack.tlog.Tiles}
 * and docs/design.md), and built here for the ledgers recorded before it, from their entries'
 * hashes in seq order, with the same code that appends grow it with. A Java migration because the
 * tree is hashed; its SQL is portable (H2 and PostgreSQL). The migration runs in one transaction.
 */
public class V6__Ledger_merkle_tree extends BaseJavaMigration {

  /** Leaves per append while building: a few dozen tiles, bounded memory for any ledger. */
  static final int CHUNK = 8_192;

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    try (Statement st = connection.createStatement()) {
      // hashes: the concatenated 32-byte hashes of one tile, at most 256 of them (8 KiB)
      st.execute(
          "CREATE TABLE ledger_tree_tiles ("
              + " tenant VARCHAR(64) NOT NULL,"
              + " tile_level INT NOT NULL,"
              + " tile_index BIGINT NOT NULL,"
              + " hashes BYTEA NOT NULL,"
              + " PRIMARY KEY (tenant, tile_level, tile_index))");
    }
    SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
    JdbcTemplate template = new JdbcTemplate(single);
    LedgerTree tree = new LedgerTree(JdbcClient.create(single), template);
    for (Map.Entry<String, Long> head : heads(connection).entrySet()) {
      build(connection, tree, head.getKey(), head.getValue());
    }
  }

  private static Map<String, Long> heads(Connection connection) throws Exception {
    Map<String, Long> heads = new LinkedHashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT tenant, head_seq FROM ledger_heads ORDER BY tenant")) {
      while (rs.next()) {
        heads.put(rs.getString(1), rs.getLong(2));
      }
    }
    return heads;
  }

  /** Streams the tenant's entry hashes in seq order into its tree, refusing a gap in seq. */
  private static void build(Connection connection, LedgerTree tree, String tenant, long headSeq)
      throws Exception {
    long size = 0;
    List<byte[]> chunk = new ArrayList<>(CHUNK);
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT seq, hash FROM ledger_entries WHERE tenant = ? AND seq <= ? ORDER BY seq",
            ResultSet.TYPE_FORWARD_ONLY,
            ResultSet.CONCUR_READ_ONLY)) {
      ps.setFetchSize(CHUNK);
      ps.setString(1, tenant);
      ps.setLong(2, headSeq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          if (seq != size + chunk.size() + 1) {
            throw new IllegalStateException(
                "tenant " + tenant + "'s ledger has no entry " + (size + chunk.size() + 1));
          }
          chunk.add(TreeHashes.leafOfEntry(rs.getString(2)));
          if (chunk.size() == CHUNK) {
            tree.appendLeaves(tenant, size, chunk);
            size += chunk.size();
            chunk.clear();
          }
        }
      }
    }
    tree.appendLeaves(tenant, size, chunk);
    size += chunk.size();
    if (size != headSeq) {
      throw new IllegalStateException(
          "tenant " + tenant + "'s ledger head is seq " + headSeq + " but it has " + size);
    }
  }
}
