package io.exportjobs.shared.export;

import static io.exportjobs.shared.db.SqlTime.toSql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read side of the job store ({@link JobStore} writes): pages of a tenant's jobs, counts by
 * status and of recent creations, and what an incremental schedule starts from. Only reads.
 */
public class JobQueries {

  private final JdbcClient jdbc;

  public JobQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public JobPage list(JobListQuery q) {
    StringBuilder sql =
        new StringBuilder("SELECT " + JobRows.COLUMNS + " FROM export_jobs j WHERE tenant = ?");
    List<Object> params = new ArrayList<>();
    params.add(q.tenant());
    if (!q.statuses().isEmpty()) {
      sql.append(" AND status IN (").append(placeholders(q.statuses().size())).append(')');
      q.statuses().forEach(s -> params.add(s.wire()));
    }
    if (!q.types().isEmpty()) {
      sql.append(" AND type IN (").append(placeholders(q.types().size())).append(')');
      q.types().forEach(t -> params.add(t.wire()));
    }
    if (q.scheduleId() != null) {
      sql.append(" AND schedule_id = ?");
      params.add(q.scheduleId());
    }
    for (Map.Entry<String, String> label : q.labels().entrySet()) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM export_job_labels l WHERE l.job_id = j.id AND l.label_name = ?"
              + " AND l.label_value = ?)");
      params.add(label.getKey());
      params.add(label.getValue());
    }
    if (q.pageToken() != null) {
      JobPageToken cursor = JobPageToken.decode(q.pageToken());
      sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
      params.add(toSql(cursor.createdAt()));
      params.add(toSql(cursor.createdAt()));
      params.add(cursor.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.add(q.pageSize() + 1);
    List<ExportJob> rows =
        jdbc.sql(sql.toString()).params(params).query((rs, n) -> JobRows.map(rs).job()).list();
    if (rows.size() <= q.pageSize()) {
      return new JobPage(rows, null);
    }
    List<ExportJob> page = rows.subList(0, q.pageSize());
    ExportJob last = page.get(page.size() - 1);
    return new JobPage(List.copyOf(page), new JobPageToken(last.createdAt(), last.id()).encode());
  }

  /** How many jobs each tenant has in each status, for the jobs-by-status gauge. */
  public List<StatusCount> countByTenantAndStatus() {
    return jdbc.sql(
            "SELECT tenant, status, COUNT(*) AS jobs FROM export_jobs GROUP BY tenant, status")
        .query(
            (rs, n) ->
                new StatusCount(
                    rs.getString("tenant"),
                    ExportStatus.parse(rs.getString("status")).orElseThrow(),
                    rs.getLong("jobs")))
        .list();
  }

  /** One row of {@link #countByTenantAndStatus()}. */
  public record StatusCount(String tenant, ExportStatus status, long jobs) {}

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  // --- creations through the api (the hourly quota) -------------------------------------------

  /** A job made by POST /exports has no schedule; every scheduled run has one. */
  private static final String CREATED_THROUGH_API = " AND schedule_id IS NULL";

  /** How many of the tenant's jobs were created through the api after {@code since}. */
  public long countCreatedThroughApiSince(String tenant, Instant since) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM export_jobs WHERE tenant = ? AND created_at > ?"
                + CREATED_THROUGH_API)
        .params(tenant, toSql(since))
        .query(Long.class)
        .single();
  }

  /**
   * When the {@code n}-th (counting from 0) oldest of the tenant's jobs created through the api
   * after {@code since} was created, if there is one.
   */
  public Optional<Instant> createdThroughApiSince(String tenant, Instant since, long n) {
    return jdbc.sql(
            "SELECT created_at FROM export_jobs WHERE tenant = ? AND created_at > ?"
                + CREATED_THROUGH_API
                + " ORDER BY created_at ASC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")
        .params(tenant, toSql(since), n)
        .query(OffsetDateTime.class)
        .optional()
        .map(OffsetDateTime::toInstant);
  }

  private static final String SUCCEEDED = " AND status IN ('completed', 'expired')";

  /**
   * Where the next run of an incremental schedule starts: the {@code toSeq} of its last successful
   * run (failed and skipped runs leave no gap), or {@code startSeq} before the first.
   */
  public long incrementalStart(String tenant, String scheduleId, long startSeq) {
    Long end =
        jdbc.sql(
                "SELECT MAX(range_to_seq) FROM export_jobs WHERE tenant = ? AND schedule_id = ?"
                    + SUCCEEDED)
            .params(tenant, scheduleId)
            .query(Long.class)
            .optional()
            .orElse(null);
    return end == null ? startSeq : Math.max(startSeq, end);
  }

  /** The checkpoint of the schedule's successful run that ended just before {@code toSeq}. */
  public Optional<String> checkpointEndingAt(String tenant, String scheduleId, long toSeq) {
    return jdbc
        .sql(
            "SELECT checkpoint_note FROM export_jobs WHERE tenant = ? AND schedule_id = ?"
                + " AND range_to_seq = ? AND checkpoint_note IS NOT NULL"
                + SUCCEEDED
                + " ORDER BY completed_at DESC")
        .params(tenant, scheduleId, toSeq)
        .query(String.class)
        .list()
        .stream()
        .findFirst();
  }
}
