package io.exportjobs.shared.workflow;

import io.temporal.common.SearchAttributeKey;
import java.time.OffsetDateTime;

/** The names operators see in the Temporal Web UI and the {@code temporal} CLI. */
public final class TemporalNames {

  public static final String DEFAULT_TASK_QUEUE = "exports";
  public static final String WORKFLOW_TYPE = "ExportWorkflow";

  /** The child workflow that holds a completed job's retention timer. */
  public static final String RETENTION_WORKFLOW_TYPE = "ExportRetention";

  public static final String QUERY_STATE = "state";
  public static final String UPDATE_SET_RETENTION = "setRetention";
  public static final String UPDATE_DELETE_ARTIFACT = "deleteArtifact";
  public static final String SIGNAL_SLOT_FREED = "slotFreed";
  public static final String SIGNAL_PROGRESS = "progress";

  public static final SearchAttributeKey<String> EXPORT_TENANT =
      SearchAttributeKey.forKeyword("ExportTenant");
  public static final SearchAttributeKey<String> EXPORT_TYPE =
      SearchAttributeKey.forKeyword("ExportType");
  public static final SearchAttributeKey<String> EXPORT_STATUS =
      SearchAttributeKey.forKeyword("ExportStatus");
  public static final SearchAttributeKey<String> EXPORT_SCHEDULE_ID =
      SearchAttributeKey.forKeyword("ExportScheduleId");
  public static final SearchAttributeKey<OffsetDateTime> EXPORT_EXPIRES_AT =
      SearchAttributeKey.forOffsetDateTime("ExportExpiresAt");

  /** Set by Temporal on runs a schedule starts: the time the run was scheduled for. */
  public static final SearchAttributeKey<OffsetDateTime> TEMPORAL_SCHEDULED_START_TIME =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  /** Memo key of a schedule's definition (cron text, window …) on its workflow action. */
  public static final String MEMO_SCHEDULE = "exportSchedule";

  /** The workflow id of a job's retention workflow: {@code <job id>.retention}. */
  public static String retentionWorkflowId(String jobId) {
    return jobId + ".retention";
  }

  /** The Temporal schedule id of an export schedule: {@code export-schedule-<tenant>-<id>}. */
  public static String scheduleId(String tenant, String id) {
    return "export-schedule-" + tenant + "-" + id;
  }

  /**
   * The workflow id prefix of a schedule's runs, {@code exp-<tenant>-sched-<id>}; Temporal appends
   * each run's scheduled time.
   */
  public static String scheduledJobPrefix(String tenant, String id) {
    return "exp-" + tenant + "-sched-" + id;
  }

  /** Memo key of the one-line human summary shown in the Web UI. */
  public static final String MEMO_SUMMARY = "summary";

  private TemporalNames() {}
}
