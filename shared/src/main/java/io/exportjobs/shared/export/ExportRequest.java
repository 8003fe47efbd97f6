package io.exportjobs.shared.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workflow's input: everything needed to run one attempt of a job. No ledger rows, no bytes.
 * {@code callerScopes} lets the workflow re-check restricted types against the requester's rights.
 *
 * <p>Properties it does not know are ignored when it is read (Temporal's converter would refuse
 * them), so a field added later does not stop a worker of this version from running the request.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportRequest(
    String jobId,
    String tenant,
    ExportType type,
    ExportFormat format,
    TimeRange range,
    ExportFilters filters,
    Map<String, String> labels,
    String retention,
    String target,
    Instant createdAt,
    String requestedBy,
    Set<String> callerScopes,
    int attempt,
    String scheduleId,
    Duration scheduledWindow) {

  public ExportRequest {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    filters = filters == null ? ExportFilters.none() : filters;
    callerScopes = callerScopes == null ? Set.of() : Set.copyOf(callerScopes);
  }

  /**
   * The one way to build a request: required fields are checked by {@link Builder#build()}, the
   * rest default (no filters, no labels, no scopes, attempt 1, not scheduled).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's fields, to change some of them. */
  public Builder toBuilder() {
    return new Builder()
        .jobId(jobId)
        .tenant(tenant)
        .type(type)
        .format(format)
        .range(range)
        .filters(filters)
        .labels(labels)
        .retention(retention)
        .target(target)
        .createdAt(createdAt)
        .requestedBy(requestedBy)
        .callerScopes(callerScopes)
        .attempt(attempt)
        .scheduleId(scheduleId)
        .scheduledWindow(scheduledWindow);
  }

  /** The request that runs {@code job} again as it was asked for, with the caller's rights. */
  public static Builder of(ExportJob job, Set<String> callerScopes) {
    return new Builder()
        .jobId(job.id())
        .tenant(job.tenant())
        .type(job.type())
        .format(job.format())
        .range(job.range())
        .filters(job.filters())
        .labels(job.labels())
        .retention(job.retention())
        .target(job.target())
        .createdAt(job.createdAt())
        .requestedBy(job.requestedBy())
        .callerScopes(callerScopes)
        .attempt(job.attempt())
        .scheduleId(job.scheduleId());
  }

  public ExportRequest withAttempt(int newAttempt) {
    return toBuilder().attempt(newAttempt).build();
  }

  /** The same request with another range (an incremental run's resolved start). */
  public ExportRequest withRange(TimeRange newRange) {
    return toBuilder().range(newRange).build();
  }

  /** A run of an incremental schedule: a scheduled seq range without toSeq. */
  public boolean incrementalRun() {
    return scheduleId != null && range != null && range.isSeq() && range.toSeq() == null;
  }

  /** The job as it looks before the workflow has done anything. */
  public ExportJob pendingJob() {
    return new ExportJob(
        jobId,
        tenant,
        type,
        format,
        ExportStatus.PENDING,
        range,
        filters,
        labels,
        retention,
        target,
        createdAt,
        null,
        null,
        null,
        requestedBy,
        attempt,
        scheduleId,
        ExportProgress.none(),
        null,
        null,
        jobId,
        null);
  }

  public String fileName() {
    return jobId + "." + format.extension();
  }

  /** Builds an {@link ExportRequest}; {@link #build()} names every required field left unset. */
  public static final class Builder {
    private String jobId;
    private String tenant;
    private ExportType type;
    private ExportFormat format;
    private TimeRange range;
    private ExportFilters filters;
    private Map<String, String> labels;
    private String retention;
    private String target;
    private Instant createdAt;
    private String requestedBy;
    private Set<String> callerScopes;
    private int attempt = 1;
    private String scheduleId;
    private Duration scheduledWindow;

    private Builder() {}

    public Builder jobId(String v) {
      jobId = v;
      return this;
    }

    public Builder tenant(String v) {
      tenant = v;
      return this;
    }

    public Builder type(ExportType v) {
      type = v;
      return this;
    }

    public Builder format(ExportFormat v) {
      format = v;
      return this;
    }

    public Builder range(TimeRange v) {
      range = v;
      return this;
    }

    public Builder filters(ExportFilters v) {
      filters = v;
      return this;
    }

    public Builder labels(Map<String, String> v) {
      labels = v;
      return this;
    }

    public Builder retention(String v) {
      retention = v;
      return this;
    }

    public Builder target(String v) {
      target = v;
      return this;
    }

    public Builder createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    public Builder requestedBy(String v) {
      requestedBy = v;
      return this;
    }

    public Builder callerScopes(Set<String> v) {
      callerScopes = v;
      return this;
    }

    public Builder attempt(int v) {
      attempt = v;
      return this;
    }

    /** The schedule that started this run; null for a request submitted over REST. */
    public Builder scheduleId(String v) {
      scheduleId = v;
      return this;
    }

    /**
     * A window schedule's template only: each run exports this long a window before its scheduled
     * time (see {@code ScheduledWindow}); null for every other request.
     */
    public Builder scheduledWindow(Duration v) {
      scheduledWindow = v;
      return this;
    }

    /**
     * The request; refuses one without jobId, tenant, type, format, range or createdAt, or with an
     * attempt below 1, naming what is wrong.
     */
    public ExportRequest build() {
      List<String> missing = new ArrayList<>();
      if (jobId == null) {
        missing.add("jobId");
      }
      if (tenant == null) {
        missing.add("tenant");
      }
      if (type == null) {
        missing.add("type");
      }
      if (format == null) {
        missing.add("format");
      }
      if (range == null) {
        missing.add("range");
      }
      if (createdAt == null) {
        missing.add("createdAt");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "an export request needs " + String.join(", ", missing) + " (not set)");
      }
      if (attempt < 1) {
        throw new IllegalStateException("an export request's attempt is 1 or more, not " + attempt);
      }
      return new ExportRequest(
          jobId,
          tenant,
          type,
          format,
          range,
          filters,
          labels,
          retention,
          target,
          createdAt,
          requestedBy,
          callerScopes,
          attempt,
          scheduleId,
          scheduledWindow);
    }
  }
}
