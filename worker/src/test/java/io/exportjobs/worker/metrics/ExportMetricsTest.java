package io.exportjobs.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.StoredJob;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.worker.jobindex.JobIndexActivitiesImpl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExportMetricsTest {

  static final Instant STARTED = Instant.parse("2026-10-01T00:00:00Z");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ExportMetrics metrics = new ExportMetrics(registry);

  @Test
  void aCompletedExportRecordsItsTransitionDurationEntriesAndThroughput() {
    metrics.transition(ExportStatus.RUNNING, 1, completed(1));

    assertThat(transitions("completed")).isEqualTo(1);
    assertThat(registry.get("exportjobs.export.duration").timer().totalTime(TimeUnit.SECONDS))
        .isEqualTo(4.0);
    assertThat(registry.get("exportjobs.export.entries").counter().count()).isEqualTo(1000);
    assertThat(registry.get("exportjobs.export.throughput").summary().totalAmount())
        .isEqualTo(250.0);
  }

  @Test
  void sameStatusAndPendingAreNotTransitions() {
    metrics.transition(ExportStatus.COMPLETED, 1, completed(1)); // a retention change
    metrics.transition(null, null, job(ExportStatus.PENDING, 1)); // a scheduled run's first write
    assertThat(registry.find("exportjobs.job.transitions").counters()).isEmpty();

    metrics.transition(ExportStatus.FAILED, 1, job(ExportStatus.RUNNING, 2)); // a retry runs
    assertThat(transitions("running")).isEqualTo(1);
  }

  @Test
  void aWriteTheJobIndexDidNotApplyCountsNothing() {
    JobStore index = mock(JobStore.class);
    ExportJob running = job(ExportStatus.RUNNING, 1);
    when(index.findById(any()))
        .thenReturn(Optional.of(new StoredJob(job(ExportStatus.PENDING, 1), null, null, null)));
    // the first call applies; the repeat (activity retry, or another worker) is stale
    when(index.record(any())).thenReturn(true, false);
    JobIndexActivitiesImpl activities = new JobIndexActivitiesImpl(index, metrics);

    activities.record(new JobSnapshot(running, 10, null));
    activities.record(new JobSnapshot(running, 10, null));

    assertThat(transitions("running")).isEqualTo(1);
  }

  private double transitions(String status) {
    return registry.get("exportjobs.job.transitions").tag("status", status).counter().count();
  }

  private static ExportJob completed(int attempt) {
    return job(ExportStatus.COMPLETED, attempt).toBuilder()
        .completedAt(STARTED.plusSeconds(4))
        .artifact(
            new ExportArtifact("a.ndjson", "application/x-ndjson", 10, "sha256:x", 1000, null))
        .build();
  }

  private static ExportJob job(ExportStatus status, int attempt) {
    return new ExportJob(
        "exp-demo-1",
        "demo",
        ExportType.LEDGER,
        ExportFormat.NDJSON,
        status,
        new TimeRange(STARTED.minusSeconds(86_400), STARTED),
        new ExportFilters(List.of(), List.of(), List.of(), List.of()),
        Map.of(),
        "P30D",
        "default",
        STARTED.minusSeconds(1),
        status == ExportStatus.PENDING ? null : STARTED,
        null,
        null,
        "tester",
        attempt,
        null,
        new ExportProgress(0, 0),
        null,
        null,
        "exp-demo-1",
        null);
  }
}
