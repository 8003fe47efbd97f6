package io.exportjobs.shared.ledger;

import static io.exportjobs.shared.db.SqlTime.read;
import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The SQL that {@link LedgerStore} reads the ledger with, and how a row becomes an entry. */
final class LedgerSql {

  static final String COLUMNS =
      "seq, occurred_at, recorded_at, actor, action, resource, outcome, attributes, prev_hash,"
          + " hash";

  final StringBuilder text = new StringBuilder();
  final List<Object> params = new ArrayList<>();

  static LedgerSql select(LedgerQuery q) {
    LedgerSql sql = new LedgerSql();
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

  private static void in(LedgerSql sql, String column, List<String> values) {
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

  static LedgerEntry map(ResultSet rs) throws SQLException {
    return mapRecorded(rs).toEntry();
  }

  /** By column index, in the order of {@link #COLUMNS}: this runs once per exported entry. */
  static RecordedEntry mapRecorded(ResultSet rs) throws SQLException {
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
}
