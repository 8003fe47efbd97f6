package io.exportjobs.api.schedule;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.workflow.ScheduleMemoCodec;
import io.exportjobs.shared.workflow.TemporalNames;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The tenant's export schedules in Temporal: a schedule is the caller's only if its memo holds a
 * definition of the caller's tenant, so another tenant's, or one this service did not make, answers
 * 404 like a missing one.
 */
@Component
class ScheduleGateway {

  private final ScheduleClient schedules;

  ScheduleGateway(ScheduleClient schedules) {
    this.schedules = schedules;
  }

  void create(Caller caller, String id, Schedule schedule) {
    try {
      schedules.createSchedule(
          TemporalNames.scheduleId(caller.tenant(), id),
          schedule,
          ScheduleOptions.newBuilder().build());
    } catch (ScheduleAlreadyRunningException e) {
      throw conflict(id);
    }
  }

  /** Whether Temporal has a schedule of this id for the tenant, ours or not (create's 409). */
  boolean exists(Caller caller, String id) {
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

  static ApiException conflict(String id) {
    return ApiException.conflict("a schedule with id " + id + " exists already");
  }

  /** The ids of the tenant's schedules below {@code after} (all if null), in descending order. */
  List<String> idsBefore(Caller caller, String after) {
    String prefix = TemporalNames.scheduleId(caller.tenant(), "");
    return temporal(
        () ->
            schedules
                .listSchedules(null, 200)
                .map(s -> s.getScheduleId())
                .filter(s -> s.startsWith(prefix))
                .map(s -> s.substring(prefix.length()))
                .filter(id -> after == null || id.compareTo(after) < 0)
                .sorted(Comparator.reverseOrder())
                .toList());
  }

  ScheduleDescription describe(Caller caller, String id) {
    return tryDescribe(caller, id)
        .orElseThrow(() -> ApiException.notFound("schedule " + abbreviate(id)));
  }

  Optional<ScheduleDescription> tryDescribe(Caller caller, String id) {
    if (!ScheduleValidation.isId(id)) {
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

  /** Runs {@code action} on the caller's schedule; a schedule gone meanwhile answers 404. */
  void act(Caller caller, String id, Consumer<ScheduleHandle> action) {
    temporal(
        () -> {
          action.accept(handle(caller, id));
          return null;
        });
  }

  static ScheduleDefinition definitionOf(ScheduleDescription d) {
    return tryDefinitionOf(d)
        .orElseThrow(() -> new IllegalStateException("schedule " + d.getId() + " is foreign"));
  }

  private static Optional<ScheduleDefinition> tryDefinitionOf(ScheduleDescription d) {
    if (!(d.getSchedule().getAction() instanceof ScheduleActionStartWorkflow action)) {
      return Optional.empty();
    }
    return ScheduleMemoCodec.read(action.getOptions().getMemo()).map(ScheduleDefinition::of);
  }

  private ScheduleHandle handle(Caller caller, String id) {
    return schedules.getHandle(TemporalNames.scheduleId(caller.tenant(), id));
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
