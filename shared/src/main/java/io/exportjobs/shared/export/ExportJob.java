package io.exportjobs.shared.export;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/** An export job as the API serves it and as the workflow's {@code state} query returns it. */
@JsonPropertyOrder({
  "id",
  "tenant",
  "type",
  "format",
  "status",
  "range",
  "filters",
  "labels",
  "retention",
  "target",
  "createdAt",
  "startedAt",
  "completedAt",
  "expiresAt",
  "requestedBy",
  "attempt",
  "scheduleId",
  "progress",
  "artifact",
  "error",
  "workflowId",
  "runId"
})
public record ExportJob(
    String id,
    String tenant,
    ExportType type,
    ExportFormat format,
    ExportStatus status,
    TimeRange range,
    ExportFilters filters,
    Map<String, String> labels,
    String retention,
    String target,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant expiresAt,
    String requestedBy,
    int attempt,
    String scheduleId,
    ExportProgress progress,
    ExportArtifact artifact,
    ExportError error,
    String workflowId,
    String runId) {

  public ExportJob withStatus(ExportStatus newStatus) {
    return new Builder(this).status(newStatus).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-with for the many small transitions of a job. */
  public static final class Builder {
    private final ExportJob base;
    private ExportStatus status;
    private Instant startedAt;
    private Instant completedAt;
    private Instant expiresAt;
    private String retention;
    private int attempt;
    private ExportProgress progress;
    private ExportArtifact artifact;
    private ExportError error;
    private String runId;
    private TimeRange range;

    private Builder(ExportJob base) {
      this.base = base;
      this.range = base.range;
      this.status = base.status;
      this.startedAt = base.startedAt;
      this.completedAt = base.completedAt;
      this.expiresAt = base.expiresAt;
      this.retention = base.retention;
      this.attempt = base.attempt;
      this.progress = base.progress;
      this.artifact = base.artifact;
      this.error = base.error;
      this.runId = base.runId;
    }

    public Builder status(ExportStatus v) {
      status = v;
      return this;
    }

    public Builder startedAt(Instant v) {
      startedAt = v;
      return this;
    }

    public Builder completedAt(Instant v) {
      completedAt = v;
      return this;
    }

    public Builder expiresAt(Instant v) {
      expiresAt = v;
      return this;
    }

    public Builder retention(String v) {
      retention = v;
      return this;
    }

    public Builder attempt(int v) {
      attempt = v;
      return this;
    }

    public Builder progress(ExportProgress v) {
      progress = v;
      return this;
    }

    public Builder artifact(ExportArtifact v) {
      artifact = v;
      return this;
    }

    public Builder error(ExportError v) {
      error = v;
      return this;
    }

    /** The range with what the job resolved (a seq range's {@code toSeq}). */
    public Builder range(TimeRange v) {
      range = v;
      return this;
    }

    public Builder runId(String v) {
      runId = v;
      return this;
    }

    public ExportJob build() {
      return new ExportJob(
          base.id,
          base.tenant,
          base.type,
          base.format,
          status,
          range,
          base.filters,
          base.labels,
          retention,
          base.target,
          base.createdAt,
          startedAt,
          completedAt,
          expiresAt,
          base.requestedBy,
          attempt,
          base.scheduleId,
          progress,
          artifact,
          error,
          base.workflowId,
          runId);
    }
  }
}
