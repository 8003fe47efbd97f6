package io.exportjobs.worker.jobindex;

import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.StoredJob;
import io.exportjobs.shared.workflow.JobIndexActivities;
import io.exportjobs.worker.metrics.ExportMetrics;
import java.util.Optional;
import org.springframework.stereotype.Component;

@Component("jobIndexActivities")
public class JobIndexActivitiesImpl implements JobIndexActivities {

  private final JobStore jobIndex;
  private final ExportMetrics metrics;

  public JobIndexActivitiesImpl(JobStore jobIndex, ExportMetrics metrics) {
    this.jobIndex = jobIndex;
    this.metrics = metrics;
  }

  @Override
  public void record(JobSnapshot snapshot) {
    Optional<StoredJob> before = jobIndex.findById(snapshot.job().id());
    // counted only when this call's write was applied: a retried or stale write changes nothing
    // and counts nothing, so several workers never count one transition twice
    if (jobIndex.record(snapshot)) {
      ExportStatus status = before.map(b -> b.job().status()).orElse(null);
      Integer attempt = before.map(b -> b.job().attempt()).orElse(null);
      metrics.transition(status, attempt, snapshot.job());
    }
  }
}
