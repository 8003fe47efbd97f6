package io.exportjobs.shared.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** TIMESTAMP WITH TIME ZONE in and out, the same way on H2 and PostgreSQL. */
public final class SqlTime {

  private SqlTime() {}

  public static OffsetDateTime toSql(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public static Instant read(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
