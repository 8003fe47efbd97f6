package io.exportjobs.shared.export;

import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.pack.json.Json;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job store: the one owner of job state (the table {@code export_jobs}) and its only writer.
 * The api inserts a job as {@code pending}; the workflow keeps it current through {@link
 * #record(JobSnapshot)}; the extraction activity records progress and checkpoints. A job is read
 * back by its id here; lists, counts and where an incremental schedule starts are {@link
 * JobQueries}.
 */
public class JobStore {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JobStore(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Inserts a new job as pending. Returns false, writing nothing, when a job with this id exists
   * (the idempotent-create path, where the id is derived from the key).
   */
  public boolean insertPending(ExportJob job, String idempotencyKey, String requestHash) {
    try {
      return Boolean.TRUE.equals(
          tx.execute(
              status -> {
                jdbc.sql(
                        "INSERT INTO export_jobs (id, tenant, type, format, status, range_from,"
                            + " range_to, range_basis, range_from_seq, range_to_seq, filters,"
                            + " labels, retention, target, created_at,"
                            + " requested_by, attempt, revision, schedule_id, entries_exported,"
                            + " bytes_written, workflow_id, idempotency_key, request_hash,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                            + " ?, ?, 0, ?, 0, 0, ?, ?, ?, ?)")
                    .params(
                        job.id(),
                        job.tenant(),
                        job.type().wire(),
                        job.format().wire(),
                        job.status().wire(),
                        toSql(job.range().from()),
                        toSql(job.range().to()),
                        job.range().basis(),
                        job.range().fromSeq(),
                        job.range().toSeq(),
                        Json.write(job.filters()),
                        Json.write(job.labels()),
                        job.retention(),
                        job.target(),
                        toSql(job.createdAt()),
                        job.requestedBy(),
                        job.attempt(),
                        job.scheduleId(),
                        job.workflowId(),
                        idempotencyKey,
                        requestHash,
                        toSql(clock.instant()))
                    .update();
                for (Map.Entry<String, String> label : job.labels().entrySet()) {
                  jdbc.sql(
                          "INSERT INTO export_job_labels (job_id, label_name, label_value) VALUES (?, ?, ?)")
                      .params(job.id(), label.getKey(), label.getValue())
                      .update();
                }
                return true;
              }));
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /** Removes a pending job whose workflow could not be started, so a client retry can succeed. */
  public void deletePending(String id) {
    jdbc.sql("DELETE FROM export_jobs WHERE id = ? AND status = 'pending' AND revision = 0")
        .param(id)
        .update();
  }

  /**
   * Applies the workflow's snapshot unless a newer one (higher attempt, or same attempt and higher
   * revision) is already stored. Idempotent: replaying the same snapshot changes nothing.
   */
  public boolean record(JobSnapshot snapshot) {
    if (update(snapshot)) {
      return true;
    }
    // a run the api did not insert (started by a schedule): create its row, then apply
    if (findById(snapshot.job().id()).isEmpty()) {
      insertPending(snapshot.job().withStatus(ExportStatus.PENDING), null, null);
      return update(snapshot);
    }
    return false;
  }

  private boolean update(JobSnapshot snapshot) {
    ExportJob job = snapshot.job();
    ExportArtifact artifact = job.artifact();
    ExportError error = job.error();
    int updated =
        jdbc.sql(
                "UPDATE export_jobs SET status = ?, started_at = ?, completed_at = ?,"
                    + " expires_at = ?, retention = ?, attempt = ?, revision = ?,"
                    + " entries_exported = ?, bytes_written = ?, entries_total = ?,"
                    + " artifact_file_name = ?,"
                    + " artifact_content_type = ?, artifact_size_bytes = ?, artifact_sha256 = ?,"
                    + " artifact_entry_count = ?, artifact_location = ?, error_code = ?,"
                    + " error_message = ?, error_activity = ?, error_attempts = ?, error_at = ?,"
                    + " range_from_seq = COALESCE(?, range_from_seq),"
                    + " range_to_seq = COALESCE(?, range_to_seq),"
                    + " run_id = COALESCE(?, run_id), updated_at = ? WHERE id = ? AND (attempt < ?"
                    + " OR (attempt = ? AND revision < ?))")
            .params(
                job.status().wire(),
                toSql(job.startedAt()),
                toSql(job.completedAt()),
                toSql(job.expiresAt()),
                job.retention(),
                job.attempt(),
                snapshot.revision(),
                job.progress().entriesExported(),
                job.progress().bytesWritten(),
                job.progress().entriesTotal(),
                artifact == null ? null : artifact.fileName(),
                artifact == null ? null : artifact.contentType(),
                artifact == null ? null : artifact.sizeBytes(),
                artifact == null ? null : artifact.sha256(),
                artifact == null ? null : artifact.entryCount(),
                snapshot.artifactLocation() == null ? null : snapshot.artifactLocation().toString(),
                error == null ? null : error.code(),
                error == null ? null : truncate(error.message(), 4000),
                error == null ? null : error.activity(),
                error == null ? null : error.attempts(),
                error == null ? null : toSql(error.at()),
                job.range().fromSeq(),
                job.range().toSeq(),
                job.runId(),
                toSql(clock.instant()),
                job.id(),
                job.attempt(),
                job.attempt(),
                snapshot.revision())
            .update();
    return updated == 1;
  }

  /**
   * Progress while an attempt runs, written by the extraction activity itself. Only moves forward
   * and only while the job is still running in that attempt.
   */
  public void recordProgress(String id, int attempt, ExportProgress progress) {
    jdbc.sql(
            "UPDATE export_jobs SET entries_exported = ?, bytes_written = ?, updated_at = ?"
                + " WHERE id = ? AND attempt = ? AND status = 'running' AND entries_exported <= ?")
        .params(
            progress.entriesExported(),
            progress.bytesWritten(),
            toSql(clock.instant()),
            id,
            attempt,
            progress.entriesExported())
        .update();
  }

  /**
   * Records as {@code failed} an attempt whose workflow was closed in Temporal without recording
   * its end (terminated, timed out): only while the index still holds that attempt as pending or
   * running. {@code revision} must lie past every write of the closed run (its writes carry earlier
   * workflow times), so a late write of that run changes nothing, while a reset run's writes, made
   * later, still win.
   *
   * @return the job as now recorded, or empty when the index no longer held that attempt unfinished
   */
  public Optional<ExportJob> recordClosedRun(
      String id, int attempt, ExportError error, long revision) {
    int updated =
        jdbc.sql(
                "UPDATE export_jobs SET status = 'failed', error_code = ?, error_message = ?,"
                    + " error_activity = ?, error_attempts = ?, error_at = ?, revision = ?,"
                    + " updated_at = ? WHERE id = ? AND attempt = ? AND status IN ('pending',"
                    + " 'running') AND revision < ?")
            .params(
                error.code(),
                truncate(error.message(), 4000),
                error.activity(),
                error.attempts(),
                toSql(error.at()),
                revision,
                toSql(clock.instant()),
                id,
                attempt,
                revision)
            .update();
    return updated == 1 ? findById(id).map(StoredJob::job) : Optional.empty();
  }

  /**
   * Takes a failed or cancelled job back to pending with {@code attempt + 1}. Returns the new
   * attempt, or empty when the job was not retryable at that attempt (a concurrent retry won).
   */
  public Optional<Integer> markRetrying(String id, int currentAttempt) {
    int updated =
        jdbc.sql(
                "UPDATE export_jobs SET status = 'pending', attempt = attempt + 1, revision = 0,"
                    + " started_at = NULL, completed_at = NULL, expires_at = NULL,"
                    + " entries_exported = 0, bytes_written = 0, entries_total = NULL,"
                    + " artifact_file_name = NULL,"
                    + " artifact_content_type = NULL, artifact_size_bytes = NULL,"
                    + " artifact_sha256 = NULL, artifact_entry_count = NULL,"
                    + " artifact_location = NULL, error_code = NULL, error_message = NULL,"
                    + " error_activity = NULL, error_attempts = NULL, error_at = NULL,"
                    + " run_id = NULL, updated_at = ? WHERE id = ? AND attempt = ? AND status IN"
                    + " ('failed', 'cancelled')")
            .params(toSql(clock.instant()), id, currentAttempt)
            .update();
    return updated == 1 ? Optional.of(currentAttempt + 1) : Optional.empty();
  }

  /** Reverts {@link #markRetrying} when the new run could not be started. */
  public void revertRetry(StoredJob previous) {
    tx.executeWithoutResult(
        status -> {
          jdbc.sql("UPDATE export_jobs SET attempt = ?, revision = -1 WHERE id = ?")
              .params(previous.job().attempt(), previous.job().id())
              .update();
          // revision 0: any later write of that attempt (a reset run, say) still wins
          record(new JobSnapshot(previous.job(), 0, previous.artifactLocation()));
        });
  }

  public void recordRunId(String id, int attempt, String runId) {
    jdbc.sql("UPDATE export_jobs SET run_id = ? WHERE id = ? AND attempt = ? AND run_id IS NULL")
        .params(runId, id, attempt)
        .update();
  }

  public Optional<StoredJob> find(String tenant, String id) {
    return jdbc.sql("SELECT " + JobRows.COLUMNS + " FROM export_jobs WHERE tenant = ? AND id = ?")
        .params(tenant, id)
        .query((rs, n) -> JobRows.map(rs))
        .optional();
  }

  public Optional<StoredJob> findById(String id) {
    return jdbc.sql("SELECT " + JobRows.COLUMNS + " FROM export_jobs WHERE id = ?")
        .param(id)
        .query((rs, n) -> JobRows.map(rs))
        .optional();
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  // --- incremental schedules ------------------------------------------------------------------

  /** Keeps the signed checkpoint of a job's pack, which the next incremental run starts from. */
  public void recordCheckpoint(String id, int attempt, String note) {
    jdbc.sql("UPDATE export_jobs SET checkpoint_note = ? WHERE id = ? AND attempt = ?")
        .params(note, id, attempt)
        .update();
  }
}
