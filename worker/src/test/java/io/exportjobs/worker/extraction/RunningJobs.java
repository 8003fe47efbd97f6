package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Jobs as the extraction activity finds them: inserted pending by the api, running since. */
final class RunningJobs {

  private RunningJobs() {}

  /**
   * A job of tenant demo, recorded running in {@code jobIndex}. It pins the ledger head recorded
   * before {@code createdAt}.
   */
  static ExportRequest record(
      JobStore jobIndex,
      String jobId,
      ExportType type,
      ExportFormat format,
      TimeRange range,
      ExportFilters filters,
      Instant createdAt) {
    ExportRequest request =
        ExportRequest.builder()
            .jobId(jobId)
            .tenant("demo")
            .type(type)
            .format(format)
            .range(range)
            .filters(filters)
            .labels(Map.of())
            .retention("P30D")
            .target("default")
            .createdAt(createdAt)
            .requestedBy("dev-demo-writer")
            .callerScopes(Set.of("exports:write"))
            .build();
    ExportJob pending = request.pendingJob();
    assertThat(jobIndex.insertPending(pending, null, null)).as("%s inserted", jobId).isTrue();
    jobIndex.record(new JobSnapshot(pending.withStatus(ExportStatus.RUNNING), 1, null));
    return request;
  }
}
