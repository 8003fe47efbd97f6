package io.exportjobs.worker.extraction;

import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * {@code COPY (SELECT …) TO STDOUT (FORMAT binary)} of exactly the query that the JDBC path runs
 * ({@link LedgerStore#exportSelect}). COPY takes no parameters, so each value is written in as a
 * literal: text quoted by the driver's {@link PGConnection#escapeLiteral} (which knows the
 * session's {@code standard_conforming_strings}), instants with their era so that year 0 (1 BC)
 * reads right, numbers as digits.
 */
final class CopyStatement {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00' G", Locale.ROOT);

  private CopyStatement() {}

  static String of(LedgerQuery query, PGConnection connection) throws SQLException {
    LedgerStore.Select select = LedgerStore.exportSelect(query);
    String sql = select.sql();
    List<Object> params = select.params();
    StringBuilder copy = new StringBuilder(sql.length() + 64).append("COPY (");
    int next = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c != '?') {
        copy.append(c);
        continue;
      }
      if (next == params.size()) {
        throw new IllegalStateException("more placeholders than values in: " + sql);
      }
      copy.append(literal(params.get(next++), connection));
    }
    if (next != params.size()) {
      throw new IllegalStateException("more values than placeholders in: " + sql);
    }
    return copy.append(") TO STDOUT (FORMAT binary)").toString();
  }

  private static String literal(Object value, PGConnection connection) throws SQLException {
    if (value instanceof String text) {
      return "'" + connection.escapeLiteral(text) + "'";
    }
    if (value instanceof OffsetDateTime time) {
      return "'" + TIMESTAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC)) + "'::timestamptz";
    }
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    throw new IllegalArgumentException("no literal for a " + value.getClass().getName());
  }
}
