package io.exportjobs.worker.metrics;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The export metrics a worker records when the job index accepts a status change. The job index
 * applies each transition exactly once (its writes are conditional on attempt and revision), so
 * with several workers every transition is counted by exactly one of them: summing the per-process
 * counters over all workers gives the cluster's totals. Durations come from the job's own
 * timestamps (workflow time), not from the clock of whichever worker ran the last step.
 *
 * <ul>
 *   <li>{@code exportjobs_job_transitions_total{tenant,type,status}}: jobs that reached a status
 *   <li>{@code exportjobs_export_duration_seconds{type,outcome}}: started → completed or failed
 *   <li>{@code exportjobs_export_entries_total{tenant,type}}: entries in completed exports
 *   <li>{@code exportjobs_export_throughput_entries_per_second{type}}: entries / duration, one
 *       sample per completed export
 * </ul>
 */
@Component
public class ExportMetrics {

  private final MeterRegistry registry;

  public ExportMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records that {@code job} moved from {@code before} (null: the row is new) to its status. Same
   * status and attempt (say, a retention change) is not a transition and records nothing.
   */
  public void transition(ExportStatus before, Integer attemptBefore, ExportJob job) {
    ExportStatus now = job.status();
    boolean changed =
        before == null
            || before != now
            || (attemptBefore != null && attemptBefore.intValue() != job.attempt());
    if (!changed || now == ExportStatus.PENDING) {
      return;
    }
    String type = job.type().wire();
    Counter.builder("exportjobs.job.transitions")
        .description(
            "Export jobs that reached a status (counted once, by the worker that wrote it)")
        .tags("tenant", job.tenant(), "type", type, "status", now.wire())
        .register(registry)
        .increment();
    if (now == ExportStatus.COMPLETED && job.startedAt() != null && job.completedAt() != null) {
      Duration took = Duration.between(job.startedAt(), job.completedAt());
      duration(type, "completed").record(took);
      long entries = job.artifact() == null ? 0 : job.artifact().entryCount();
      Counter.builder("exportjobs.export.entries")
          .description("Ledger entries written by completed exports")
          .baseUnit("entries")
          .tags("tenant", job.tenant(), "type", type)
          .register(registry)
          .increment(entries);
      double seconds = Math.max(took.toMillis(), 1) / 1000.0;
      DistributionSummary.builder("exportjobs.export.throughput")
          .description("Entries per second of each completed export, started to completed")
          .baseUnit("entries.per.second")
          .tags("type", type)
          .publishPercentileHistogram()
          .register(registry)
          .record(entries / seconds);
    } else if (now == ExportStatus.FAILED && job.startedAt() != null) {
      Instant end = job.error() != null && job.error().at() != null ? job.error().at() : null;
      if (end != null) {
        duration(type, "failed").record(Duration.between(job.startedAt(), end));
      }
    }
  }

  private Timer duration(String type, String outcome) {
    return Timer.builder("exportjobs.export.duration")
        .description("Export duration from started to completed (or failed)")
        .tags("type", type, "outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(6))
        .register(registry);
  }
}
