package io.exportjobs.api.schedule;

import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_SCHEDULE_ID;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_STATUS;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TENANT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TYPE;

import com.github.f4b6a3.ulid.UlidCreator;
import io.exportjobs.api.audit.AuditEntry;
import io.exportjobs.api.audit.AuditTrail;
import io.exportjobs.api.export.CreateExportBody;
import io.exportjobs.api.export.ExportRequestFactory;
import io.exportjobs.api.export.ExportService;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.FieldError;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.web.Page;
import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.Retention;
import io.exportjobs.shared.workflow.OperatorSummary;
import io.exportjobs.shared.workflow.TemporalNames;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.EncodedValues;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Export schedules as Temporal Schedules. Each run starts ExportWorkflow with the schedule's job
 * template; the workflow takes its range from the run's scheduled time. The user's definition (cron
 * text, window, template) travels on the action as memo, since the server keeps cron only in
 * compiled form. Every change is appended to the tenant's ledger ({@link ScheduleAudit}) after its
 * checks and before Temporal is asked to carry it out.
 */
@Service
class ScheduleService {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Duration MIN_CATCHUP = Duration.ofSeconds(10);
  private static final String DEFAULT_CATCHUP = "P365D";
  private static final int NEXT_RUNS = 5;
  private static final Duration MAX_WINDOW = Duration.ofDays(366);
  private static final Duration MAX_CATCHUP = Duration.ofDays(3650);
  private static final Duration MAX_JITTER = Duration.ofDays(1);

  private final ScheduleClient schedules;
  private final ExportRequestFactory requests;
  private final PolicyEvaluator policies;
  private final JobStore jobIndex;
  private final Clock clock;
  private final String taskQueue;
  private final AuditTrail audit;

  ScheduleService(
      ScheduleClient schedules,
      ExportRequestFactory requests,
      PolicyEvaluator policies,
      JobStore jobIndex,
      Clock clock,
      @Value("${exportjobs.task-queue:exports}") String taskQueue,
      AuditTrail audit) {
    this.schedules = schedules;
    this.requests = requests;
    this.policies = policies;
    this.jobIndex = jobIndex;
    this.clock = clock;
    this.taskQueue = taskQueue;
    this.audit = audit;
  }

  ExportSchedule create(Caller caller, ScheduleBodies.Create body) {
    if (body == null) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    String id =
        body.id() == null ? UlidCreator.getMonotonicUlid().toString().toLowerCase() : body.id();
    if (!ID.matcher(id).matches()) {
      throw ApiException.invalid("id", "must match " + ID.pattern());
    }
    if (id.equals("preview")) {
      throw ApiException.invalid("id", "preview is reserved (GET /export-schedules/preview)");
    }
    ScheduleDefinition definition =
        new ScheduleDefinition(
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
            body.startSeq() == null && ScheduleDefinition.INCREMENTAL.equals(body.mode())
                ? Long.valueOf(1)
                : body.startSeq());
    Schedule schedule =
        build(
            caller,
            definition,
            Boolean.TRUE.equals(body.paused()),
            body.note() == null ? "" : body.note());
    if (existsInTemporal(caller, id)) {
      throw ApiException.conflict("a schedule with id " + id + " exists already");
    }
    audit.recordThen(
        caller,
        ScheduleAudit.created(definition, Boolean.TRUE.equals(body.paused())),
        () -> {
          try {
            return schedules.createSchedule(
                TemporalNames.scheduleId(caller.tenant(), id),
                schedule,
                ScheduleOptions.newBuilder().build());
          } catch (ScheduleAlreadyRunningException e) {
            throw ApiException.conflict("a schedule with id " + id + " exists already");
          }
        });
    return get(caller, id);
  }

  ExportSchedule get(Caller caller, String id) {
    return view(caller, describe(caller, id));
  }

  /**
   * One page of the tenant's schedules, by id in descending order (keyset: the token is the last id
   * of the page before), so that pages stay stable while schedules are added.
   */
  Page<ExportSchedule> list(Caller caller, int pageSize, String pageToken) {
    String prefix = TemporalNames.scheduleId(caller.tenant(), "");
    String after = pageToken == null ? null : decodeToken(pageToken);
    List<String> ids =
        temporal(
            () ->
                schedules
                    .listSchedules(null, 200)
                    .map(s -> s.getScheduleId())
                    .filter(s -> s.startsWith(prefix))
                    .map(s -> s.substring(prefix.length()))
                    .filter(id -> after == null || id.compareTo(after) < 0)
                    .sorted(Comparator.reverseOrder())
                    .toList());
    List<ExportSchedule> result = new ArrayList<>();
    String last = null;
    int i = 0;
    for (; i < ids.size() && result.size() < pageSize; i++) {
      String id = ids.get(i);
      last = id;
      tryDescribe(caller, id).ifPresent(d -> result.add(view(caller, d)));
    }
    String next =
        i < ids.size()
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(last.getBytes(StandardCharsets.UTF_8))
            : null;
    return new Page<>(result, next);
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("pageToken", "is not a token this service issued");
    }
  }

  ExportSchedule patch(Caller caller, String id, ScheduleBodies.Create body) {
    if (body == null) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    if (body.id() != null && !body.id().equals(id)) {
      throw ApiException.invalid("id", "cannot be changed");
    }
    ScheduleDescription current = describe(caller, id);
    ScheduleDefinition was = definitionOf(current);
    ScheduleDefinition next =
        new ScheduleDefinition(
            id,
            caller.tenant(),
            body.cron() != null ? body.cron() : was.cron(),
            body.timezone() != null ? body.timezone() : was.timezone(),
            body.window() != null ? body.window() : was.window(),
            body.job() != null ? body.job() : was.job(),
            body.overlap() != null ? body.overlap() : was.overlap(),
            body.catchupWindow() != null ? body.catchupWindow() : was.catchupWindow(),
            body.jitter() != null ? body.jitter() : was.jitter(),
            was.createdBy(),
            was.mode(),
            was.startSeq());
    ScheduleState state = current.getSchedule().getState();
    boolean paused = body.paused() != null ? body.paused() : state.isPaused();
    String note = body.note() != null ? body.note() : state.getNote();
    Schedule schedule = build(caller, next, paused, note);
    act(
        caller,
        id,
        ScheduleAudit.updated(was, next, state.isPaused(), paused, state.getNote(), note),
        handle -> handle.update(input -> new ScheduleUpdate(schedule)));
    return get(caller, id);
  }

  void delete(Caller caller, String id) {
    act(caller, id, ScheduleAudit.deleted(id), ScheduleHandle::delete);
  }

  ExportSchedule pause(Caller caller, String id, String note) {
    String text = note == null || note.isBlank() ? "paused" : note;
    act(caller, id, ScheduleAudit.paused(id, text), handle -> handle.pause(text));
    return get(caller, id);
  }

  ExportSchedule resume(Caller caller, String id, String note) {
    String text = note == null || note.isBlank() ? "resumed" : note;
    act(caller, id, ScheduleAudit.resumed(id, text), handle -> handle.unpause(text));
    return get(caller, id);
  }

  /** A run now, under the schedule's own overlap policy, as if it were one of its times. */
  void trigger(Caller caller, String id) {
    act(caller, id, ScheduleAudit.triggered(id), ScheduleHandle::trigger);
  }

  /** Starts one run for every scheduled time in {@code [from, to)}, each with its own window. */
  void backfill(Caller caller, String id, ScheduleBodies.Backfill body) {
    if (body == null || body.from() == null || body.to() == null) {
      throw ApiException.invalid("from", "from and to are required");
    }
    if (!SqlTime.isStorable(body.from()) || !SqlTime.isStorable(body.to())) {
      throw ApiException.invalid("from", "from and to must be times in the years 0000 to 9999");
    }
    if (!body.from().isBefore(body.to())) {
      throw ApiException.invalid("from", "must be before to");
    }
    if (Duration.between(body.from(), body.to()).compareTo(Duration.ofDays(366)) > 0) {
      throw ApiException.invalid("to", "a backfill spans at most P366D");
    }
    // Temporal's backfill takes times in (start, end]; the contract's ranges are [from, to)
    ScheduleBackfill backfill =
        new ScheduleBackfill(
            body.from().minusMillis(1),
            body.to().minusMillis(1),
            ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
    act(
        caller,
        id,
        ScheduleAudit.backfilled(id, body.from(), body.to()),
        handle -> handle.backfill(List.of(backfill)));
  }

  /**
   * Runs {@code action} on the caller's schedule: describing it first answers 404 for a missing
   * schedule, another tenant's, or one this service did not make; then {@code entry} is appended to
   * the ledger, then Temporal acts.
   */
  private void act(Caller caller, String id, AuditEntry entry, Consumer<ScheduleHandle> action) {
    describe(caller, id);
    audit.recordThen(
        caller,
        entry,
        () ->
            temporal(
                () -> {
                  action.accept(handle(caller, id));
                  return null;
                }));
  }

  /** Whether Temporal has a schedule of this id for the tenant, ours or not (create's 409). */
  private boolean existsInTemporal(Caller caller, String id) {
    try {
      handle(caller, id).describe();
      return true;
    } catch (RuntimeException e) {
      if (isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  ExportSchedule.Preview preview(String cron, String timezone, Integer count) {
    int n = count == null ? NEXT_RUNS : count;
    if (n < 1 || n > CronSpec.MAX_COUNT) {
      throw ApiException.invalid("count", "must be between 1 and " + CronSpec.MAX_COUNT);
    }
    CronSpec spec = cronSpec(cron, timezone);
    return new ExportSchedule.Preview(
        spec.cron(), spec.timezone(), spec.nextRuns(clock.instant(), n));
  }

  // --- building -------------------------------------------------------------------------------

  private Schedule build(Caller caller, ScheduleDefinition d, boolean paused, String note) {
    List<FieldError> errors = new ArrayList<>();
    CronSpec cron = null;
    try {
      cron = cronSpec(d.cron(), d.timezone());
    } catch (ApiException e) {
      errors.addAll(e.errors());
    }
    Duration window = null;
    if (d.mode() != null && !d.incremental()) {
      errors.add(new FieldError("mode", "must be incremental, or absent for a window schedule"));
    } else if (d.incremental()) {
      IncrementalRuns.check(d, errors);
    } else {
      window = bounded(positive(d.window(), "window", errors), MAX_WINDOW, "window", errors);
      if (d.startSeq() != null) {
        errors.add(new FieldError("startSeq", "is only for an incremental schedule"));
      }
    }
    ScheduleOverlapPolicy overlap = overlap(d.overlap(), errors);
    Duration catchup =
        bounded(
            positive(d.catchupWindow(), "catchupWindow", errors),
            MAX_CATCHUP,
            "catchupWindow",
            errors);
    if (catchup != null && catchup.compareTo(MIN_CATCHUP) < 0) {
      errors.add(new FieldError("catchupWindow", "must be at least PT10S"));
    }
    Duration jitter =
        bounded(nonNegative(d.jitter(), "jitter", errors), MAX_JITTER, "jitter", errors);
    if (note != null && note.length() > 1000) {
      errors.add(new FieldError("note", "must be at most 1000 characters"));
    }
    if (d.job() == null) {
      errors.add(new FieldError("job", "is required"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    ExportRequest template = template(caller, d, window);
    SearchAttributes attributes =
        SearchAttributes.newBuilder()
            .set(EXPORT_TENANT, caller.tenant())
            .set(EXPORT_TYPE, template.type().wire())
            .set(EXPORT_STATUS, ExportStatus.PENDING.wire())
            .set(EXPORT_SCHEDULE_ID, d.id())
            .build();
    // each run's range is known only when it runs: the line names the cron and window instead
    String summary =
        OperatorSummary.ofSchedule(
            template, d.cron(), d.timezone(), d.incremental() ? "incremental" : d.window(), d.id());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(template.jobId())
            .setTaskQueue(taskQueue)
            .setTypedSearchAttributes(attributes)
            .setMemo(Map.of(TemporalNames.MEMO_SUMMARY, summary, TemporalNames.MEMO_SCHEDULE, d))
            .setStaticSummary(summary)
            // the SDK reads a schedule action's summary and details back together: with only one
            // set, describing the schedule fails, so both are always given
            .setStaticDetails(
                OperatorSummary.scheduleDetails(
                    template,
                    d.cron(),
                    d.timezone(),
                    d.incremental() ? "incremental" : d.window(),
                    d.id()))
            .build();
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(TemporalNames.WORKFLOW_TYPE)
                .setArguments(template)
                .setOptions(options)
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(cron.temporalCron()))
                .setTimeZoneName(cron.timezone())
                .setJitter(jitter)
                .build())
        // an export's workflow closes with its job, so Temporal's overlap policy sees what runs
        .setPolicy(
            SchedulePolicy.newBuilder().setOverlap(overlap).setCatchupWindow(catchup).build())
        .setState(ScheduleState.newBuilder().setPaused(paused).setNote(note).build())
        .build();
  }

  /**
   * The request every run starts with, validated and policy-checked now as if it ran now. Its range
   * {@code [epoch, epoch + window)} carries only the window; each run gets its own range.
   */
  private ExportRequest template(Caller caller, ScheduleDefinition d, Duration window) {
    ScheduleBodies.JobTemplate job = d.job();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ExportRequest checked =
        requests
            .create(
                caller,
                new CreateExportBody(
                    job.type(),
                    job.format(),
                    d.incremental()
                        ? new CreateExportBody.Range(null, null, null, d.startSeq(), null)
                        : new CreateExportBody.Range(now.minus(window), now),
                    job.filters(),
                    job.retention(),
                    job.target(),
                    job.labels()),
                null)
            .request();
    ExportService.checkPolicy(policies, checked);
    return new ExportRequest(
        TemporalNames.scheduledJobPrefix(caller.tenant(), d.id()),
        checked.tenant(),
        checked.type(),
        checked.format(),
        d.incremental()
            ? TimeRange.ofSeq(d.startSeq(), null)
            : new TimeRange(Instant.EPOCH, Instant.EPOCH.plus(window)),
        checked.filters(),
        checked.labels(),
        checked.retention(),
        checked.target(),
        now,
        caller.actor(),
        caller.scopes(),
        1,
        d.id());
  }

  private static CronSpec cronSpec(String cron, String timezone) {
    if (cron == null || cron.isBlank()) {
      throw ApiException.invalid("cron", "is required");
    }
    try {
      CronSpec.parse(cron, CronSpec.DEFAULT_TIMEZONE);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("cron", e.getMessage());
    }
    try {
      return CronSpec.parse(cron, timezone);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("timezone", e.getMessage());
    }
  }

  private static ScheduleOverlapPolicy overlap(String value, List<FieldError> errors) {
    return switch (value == null ? "" : value) {
      case "skip" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
      case "buffer_one" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE;
      case "allow_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
      default -> {
        errors.add(new FieldError("overlap", "must be skip, buffer_one or allow_all"));
        yield null;
      }
    };
  }

  private static Duration bounded(
      Duration value, Duration max, String field, List<FieldError> errors) {
    if (value != null && value.compareTo(max) > 0) {
      errors.add(new FieldError(field, "must be at most " + Retention.format(max)));
      return null;
    }
    return value;
  }

  private static Duration positive(String value, String field, List<FieldError> errors) {
    Optional<Duration> d = Retention.parse(value);
    if (d.isEmpty()) {
      errors.add(new FieldError(field, "must be a positive ISO 8601 duration, e.g. PT1H or P1D"));
      return null;
    }
    return d.get();
  }

  private static Duration nonNegative(String value, String field, List<FieldError> errors) {
    if ("PT0S".equals(value) || "P0D".equals(value)) {
      return Duration.ZERO;
    }
    return positive(value, field, errors);
  }

  // --- reading --------------------------------------------------------------------------------

  private ScheduleHandle handle(Caller caller, String id) {
    return schedules.getHandle(TemporalNames.scheduleId(caller.tenant(), id));
  }

  private ScheduleDescription describe(Caller caller, String id) {
    return tryDescribe(caller, id)
        .orElseThrow(() -> ApiException.notFound("schedule " + abbreviate(id)));
  }

  private Optional<ScheduleDescription> tryDescribe(Caller caller, String id) {
    if (id == null || !ID.matcher(id).matches()) {
      return Optional.empty();
    }
    ScheduleDescription description;
    try {
      description = handle(caller, id).describe();
    } catch (RuntimeException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
    // a tenant named like another's prefix ("acme" / "acme-eu") must not reach its schedules,
    // and a schedule this service did not make is not one of its resources
    Optional<ScheduleDefinition> definition = tryDefinitionOf(description);
    if (definition.isEmpty() || !caller.tenant().equals(definition.get().tenant())) {
      return Optional.empty();
    }
    return Optional.of(description);
  }

  private ExportSchedule view(Caller caller, ScheduleDescription d) {
    ScheduleDefinition def = definitionOf(d);
    List<ExportSchedule.RecentRun> recent = new ArrayList<>();
    d.getInfo()
        .getRecentActions()
        .forEach(
            a -> {
              String jobId =
                  a.getAction() instanceof ScheduleActionExecutionStartWorkflow start
                      ? start.getWorkflowId()
                      : null;
              String status =
                  jobId == null
                      ? null
                      : jobIndex
                          .find(caller.tenant(), jobId)
                          .map(j -> j.job().status().wire())
                          .orElse(ExportStatus.PENDING.wire());
              // Temporal hands a run its scheduled time in whole seconds (a trigger's action time
              // has nanos): show the time the job's window ends at
              recent.add(
                  new ExportSchedule.RecentRun(
                      a.getScheduledAt().truncatedTo(ChronoUnit.SECONDS), jobId, status));
            });
    List<Instant> next = d.getInfo().getNextActionTimes();
    ScheduleState state = d.getSchedule().getState();
    return new ExportSchedule(
        def.id(),
        def.tenant(),
        def.cron(),
        def.timezone(),
        def.window(),
        def.mode(),
        def.startSeq(),
        def.job(),
        def.overlap(),
        def.catchupWindow(),
        def.jitter(),
        state.isPaused(),
        state.getNote(),
        List.copyOf(next.subList(0, Math.min(NEXT_RUNS, next.size()))),
        recent,
        d.getInfo().getCreatedAt(),
        d.getInfo().getLastUpdatedAt() != null
            ? d.getInfo().getLastUpdatedAt()
            : d.getInfo().getCreatedAt());
  }

  private static ScheduleDefinition definitionOf(ScheduleDescription d) {
    return tryDefinitionOf(d)
        .orElseThrow(() -> new IllegalStateException("schedule " + d.getId() + " is foreign"));
  }

  private static Optional<ScheduleDefinition> tryDefinitionOf(ScheduleDescription d) {
    if (!(d.getSchedule().getAction() instanceof ScheduleActionStartWorkflow action)
        || action.getOptions().getMemo() == null) {
      return Optional.empty();
    }
    Object memo = action.getOptions().getMemo().get(TemporalNames.MEMO_SCHEDULE);
    if (memo instanceof EncodedValues values) {
      try {
        return Optional.ofNullable(values.get(0, ScheduleDefinition.class));
      } catch (RuntimeException notOurs) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static <T> T temporal(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (isNotFound(e)) {
        throw ApiException.notFound("schedule");
      }
      throw e;
    }
  }

  private static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  private static String abbreviate(String id) {
    return id == null || id.length() <= 64 ? String.valueOf(id) : id.substring(0, 64) + "…";
  }
}
