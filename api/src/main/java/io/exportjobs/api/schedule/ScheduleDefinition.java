package io.exportjobs.api.schedule;

import com.github.f4b6a3.ulid.UlidCreator;
import io.exportjobs.api.export.CreateExportBody;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.workflow.ScheduleMemo;

/**
 * What a user defined, as the api reads and answers it. It travels between the api and Temporal as
 * the typed {@link ScheduleMemo} (same fields, the job as plain strings); {@code mode} is {@code
 * incremental} (with {@code startSeq}) or null for a window schedule.
 */
record ScheduleDefinition(
    String id,
    String tenant,
    String cron,
    String timezone,
    String window,
    ScheduleBodies.JobTemplate job,
    String overlap,
    String catchupWindow,
    String jitter,
    String createdBy,
    String mode,
    Long startSeq) {

  static final String INCREMENTAL = ScheduleMemo.INCREMENTAL;
  private static final String DEFAULT_CATCHUP = "P365D";

  /** Each run exports the seqs from where the last successful run ended to the head. */
  boolean incremental() {
    return INCREMENTAL.equals(mode);
  }

  /** A new schedule's definition: the body with the defaults for what it leaves out. */
  static ScheduleDefinition created(Caller caller, ScheduleBodies.Create body) {
    String id =
        body.id() == null ? UlidCreator.getMonotonicUlid().toString().toLowerCase() : body.id();
    return new ScheduleDefinition(
        id,
        caller.tenant(),
        body.cron(),
        body.timezone() == null ? CronSpec.DEFAULT_TIMEZONE : body.timezone(),
        body.window(),
        body.job(),
        body.overlap() == null ? "skip" : body.overlap(),
        body.catchupWindow() == null ? DEFAULT_CATCHUP : body.catchupWindow(),
        body.jitter() == null ? "PT0S" : body.jitter(),
        caller.actor(),
        body.mode(),
        body.startSeq() == null && INCREMENTAL.equals(body.mode())
            ? Long.valueOf(1)
            : body.startSeq());
  }

  /** This definition with the fields a PATCH body sets; id, tenant, creator and mode stay. */
  ScheduleDefinition patched(ScheduleBodies.Create body) {
    return new ScheduleDefinition(
        id,
        tenant,
        body.cron() != null ? body.cron() : cron,
        body.timezone() != null ? body.timezone() : timezone,
        body.window() != null ? body.window() : window,
        body.job() != null ? body.job() : job,
        body.overlap() != null ? body.overlap() : overlap,
        body.catchupWindow() != null ? body.catchupWindow() : catchupWindow,
        body.jitter() != null ? body.jitter() : jitter,
        createdBy,
        mode,
        startSeq);
  }

  ScheduleMemo toMemo() {
    return new ScheduleMemo(
        id,
        tenant,
        cron,
        timezone,
        window,
        job == null
            ? null
            : new ScheduleMemo.Job(
                job.type(),
                job.format(),
                job.filters() == null
                    ? null
                    : new ScheduleMemo.Filters(
                        job.filters().actors(),
                        job.filters().actions(),
                        job.filters().resources(),
                        job.filters().outcomes()),
                job.retention(),
                job.target(),
                job.labels()),
        overlap,
        catchupWindow,
        jitter,
        createdBy,
        mode,
        startSeq);
  }

  static ScheduleDefinition of(ScheduleMemo memo) {
    ScheduleMemo.Job job = memo.job();
    return new ScheduleDefinition(
        memo.id(),
        memo.tenant(),
        memo.cron(),
        memo.timezone(),
        memo.window(),
        job == null
            ? null
            : new ScheduleBodies.JobTemplate(
                job.type(),
                job.format(),
                job.filters() == null
                    ? null
                    : new CreateExportBody.Filters(
                        job.filters().actors(),
                        job.filters().actions(),
                        job.filters().resources(),
                        job.filters().outcomes()),
                job.retention(),
                job.target(),
                job.labels()),
        memo.overlap(),
        memo.catchupWindow(),
        memo.jitter(),
        memo.createdBy(),
        memo.mode(),
        memo.startSeq());
  }
}
