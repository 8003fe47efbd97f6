package io.exportjobs.api.schedule;

import io.exportjobs.api.audit.AuditEntry;
import io.exportjobs.api.audit.AuditTrail;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.web.Page;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Export schedules as Temporal Schedules: the calls of {@link ScheduleController}, in order. Input
 * is checked ({@link ScheduleValidation}, {@link ScheduleFactory}), then every change is appended
 * to the tenant's ledger ({@link ScheduleAudit}), then Temporal is asked to carry it out ({@link
 * ScheduleGateway}); answers are built by {@link ScheduleViews}.
 */
@Service
class ScheduleService {

  private final ScheduleGateway gateway;
  private final ScheduleFactory factory;
  private final ScheduleViews views;
  private final Clock clock;
  private final AuditTrail audit;

  ScheduleService(
      ScheduleGateway gateway,
      ScheduleFactory factory,
      ScheduleViews views,
      Clock clock,
      AuditTrail audit) {
    this.gateway = gateway;
    this.factory = factory;
    this.views = views;
    this.clock = clock;
    this.audit = audit;
  }

  ExportSchedule create(Caller caller, ScheduleBodies.Create body) {
    if (body == null) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    ScheduleDefinition definition = ScheduleDefinition.created(caller, body);
    String id = definition.id();
    ScheduleValidation.checkNewId(id);
    boolean paused = Boolean.TRUE.equals(body.paused());
    Schedule schedule =
        factory.build(caller, definition, paused, body.note() == null ? "" : body.note());
    if (gateway.exists(caller, id)) {
      throw ScheduleGateway.conflict(id);
    }
    audit.recordThen(
        caller,
        ScheduleAudit.created(definition, paused),
        () -> {
          gateway.create(caller, id, schedule);
          return null;
        });
    return get(caller, id);
  }

  ExportSchedule get(Caller caller, String id) {
    return views.view(caller, gateway.describe(caller, id));
  }

  /**
   * One page of the tenant's schedules, by id in descending order (keyset: the token is the last id
   * of the page before), so that pages stay stable while schedules are added.
   */
  Page<ExportSchedule> list(Caller caller, int pageSize, String pageToken) {
    String after = pageToken == null ? null : ScheduleViews.lastIdOf(pageToken);
    List<String> ids = gateway.idsBefore(caller, after);
    List<ExportSchedule> result = new ArrayList<>();
    String last = null;
    int i = 0;
    for (; i < ids.size() && result.size() < pageSize; i++) {
      String id = ids.get(i);
      last = id;
      gateway.tryDescribe(caller, id).ifPresent(d -> result.add(views.view(caller, d)));
    }
    return new Page<>(result, i < ids.size() ? ScheduleViews.pageToken(last) : null);
  }

  ExportSchedule patch(Caller caller, String id, ScheduleBodies.Create body) {
    if (body == null) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    if (body.id() != null && !body.id().equals(id)) {
      throw ApiException.invalid("id", "cannot be changed");
    }
    ScheduleDescription current = gateway.describe(caller, id);
    ScheduleDefinition was = ScheduleGateway.definitionOf(current);
    ScheduleDefinition next = was.patched(body);
    ScheduleState state = current.getSchedule().getState();
    boolean paused = body.paused() != null ? body.paused() : state.isPaused();
    String note = body.note() != null ? body.note() : state.getNote();
    Schedule schedule = factory.build(caller, next, paused, note);
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
    ScheduleValidation.checkBackfill(body);
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

  ExportSchedule.Preview preview(String cron, String timezone, Integer count) {
    int n = ScheduleValidation.previewCount(count);
    CronSpec spec = ScheduleValidation.cronSpec(cron, timezone);
    return new ExportSchedule.Preview(
        spec.cron(), spec.timezone(), spec.nextRuns(clock.instant(), n));
  }

  /**
   * Runs {@code action} on the caller's schedule: describing it first answers 404 for a missing
   * schedule, another tenant's, or one this service did not make; then {@code entry} is appended to
   * the ledger, then Temporal acts.
   */
  private void act(Caller caller, String id, AuditEntry entry, Consumer<ScheduleHandle> action) {
    gateway.describe(caller, id);
    audit.recordThen(
        caller,
        entry,
        () -> {
          gateway.act(caller, id, action);
          return null;
        });
  }
}
