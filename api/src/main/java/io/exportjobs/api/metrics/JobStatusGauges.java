package io.exportjobs.api.metrics;

import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@code exportjobs_jobs{tenant, status}}: how many jobs the job index holds in each status. The
 * job index is shared by every api and worker, so this gauge is the same on every api instance
 * (aggregate with {@code max}, not {@code sum}). It is refreshed in the background every {@code
 * exportjobs.metrics.jobs-refresh} (default 15 s), never on the scrape itself, so a slow database
 * cannot stall Prometheus. Every status of a tenant is reported, zeros included, so that an alert
 * on {@code status="failed"} has a series to look at.
 */
@Component
class JobStatusGauges implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JobStatusGauges.class);

  private final JobQueries jobs;
  private final MultiGauge gauge;
  private final Duration refresh;
  private ScheduledExecutorService scheduler;

  JobStatusGauges(
      JobQueries jobs,
      MeterRegistry registry,
      @Value("${exportjobs.metrics.jobs-refresh:PT15S}") Duration refresh) {
    this.jobs = jobs;
    this.refresh = refresh;
    this.gauge =
        MultiGauge.builder("exportjobs.jobs")
            .description("Export jobs in the job index, by tenant and status")
            .baseUnit("jobs")
            .register(registry);
  }

  /** Reads the counts now (and on every refresh). */
  void refresh() {
    try {
      Map<String, long[]> byTenant = new TreeMap<>();
      for (JobQueries.StatusCount row : jobs.countByTenantAndStatus()) {
        byTenant
                .computeIfAbsent(row.tenant(), t -> new long[ExportStatus.values().length])[
                row.status().ordinal()] +=
            row.jobs();
      }
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      byTenant.forEach(
          (tenant, counts) -> {
            for (ExportStatus status : ExportStatus.values()) {
              rows.add(
                  MultiGauge.Row.of(
                      Tags.of("tenant", tenant, "status", status.wire()),
                      counts[status.ordinal()]));
            }
          });
      gauge.register(rows, true);
    } catch (RuntimeException e) {
      // keep the last values; the database being down shows in health and in the other metrics
      log.warn("could not count jobs by status: {}", e.toString());
    }
  }

  @Override
  public void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "job-status-gauges");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::refresh, 0, Math.max(100, refresh.toMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
