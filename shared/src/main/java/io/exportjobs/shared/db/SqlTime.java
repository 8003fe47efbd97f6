package io.exportjobs.shared.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** TIMESTAMP WITH TIME ZONE in and out, the same way on H2 and PostgreSQL. */
public final class SqlTime {

  private SqlTime() {}

  /** RFC 3339 has four-digit years; both databases store no more. */
  public static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");

  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  public static boolean isStorable(Instant instant) {
    return instant == null || (!instant.isBefore(MIN) && !instant.isAfter(MAX));
  }

  public static OffsetDateTime toSql(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public static Instant read(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Instant read(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
