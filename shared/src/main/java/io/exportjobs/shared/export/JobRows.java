package io.exportjobs.shared.export;

import static io.exportjobs.shared.db.SqlTime.read;

import io.exportjobs.pack.json.Json;
import io.exportjobs.shared.artifact.ArtifactLocation;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A row of the job index table ({@code export_jobs}) as a {@link StoredJob}. */
final class JobRows {

  static final String COLUMNS =
      "id, tenant, type, format, status, range_from, range_to, range_basis, range_from_seq,"
          + " range_to_seq, filters, labels, retention, target,"
          + " created_at, started_at, completed_at, expires_at, requested_by, attempt, revision,"
          + " schedule_id, entries_exported, bytes_written, entries_total, artifact_file_name,"
          + " artifact_content_type, artifact_size_bytes, artifact_sha256, artifact_entry_count,"
          + " artifact_location, error_code, error_message, error_activity, error_attempts,"
          + " error_at, workflow_id, run_id, idempotency_key, request_hash";

  private JobRows() {}

  static StoredJob map(ResultSet rs) throws SQLException {
    String fileName = rs.getString("artifact_file_name");
    ExportArtifact artifact =
        fileName == null
            ? null
            : new ExportArtifact(
                fileName,
                rs.getString("artifact_content_type"),
                rs.getLong("artifact_size_bytes"),
                rs.getString("artifact_sha256"),
                rs.getLong("artifact_entry_count"),
                null);
    String errorCode = rs.getString("error_code");
    ExportError error =
        errorCode == null
            ? null
            : new ExportError(
                errorCode,
                rs.getString("error_message"),
                rs.getString("error_activity"),
                rs.getInt("error_attempts"),
                read(rs, "error_at"));
    ExportJob job =
        new ExportJob(
            rs.getString("id"),
            rs.getString("tenant"),
            ExportType.parse(rs.getString("type")).orElseThrow(),
            ExportFormat.parse(rs.getString("format")).orElseThrow(),
            ExportStatus.parse(rs.getString("status")).orElseThrow(),
            new TimeRange(
                read(rs, "range_from"),
                read(rs, "range_to"),
                rs.getString("range_basis"),
                rs.getObject("range_from_seq") == null ? null : rs.getLong("range_from_seq"),
                rs.getObject("range_to_seq") == null ? null : rs.getLong("range_to_seq")),
            Json.read(rs.getString("filters"), ExportFilters.class),
            Json.readStringMap(rs.getString("labels")),
            rs.getString("retention"),
            rs.getString("target"),
            read(rs, "created_at"),
            read(rs, "started_at"),
            read(rs, "completed_at"),
            read(rs, "expires_at"),
            rs.getString("requested_by"),
            rs.getInt("attempt"),
            rs.getString("schedule_id"),
            new ExportProgress(
                rs.getLong("entries_exported"),
                rs.getLong("bytes_written"),
                rs.getObject("entries_total") == null ? null : rs.getLong("entries_total")),
            artifact,
            error,
            rs.getString("workflow_id"),
            rs.getString("run_id"));
    String location = rs.getString("artifact_location");
    return new StoredJob(
        job,
        location == null ? null : ArtifactLocation.parse(location),
        rs.getString("idempotency_key"),
        rs.getString("request_hash"));
  }
}
