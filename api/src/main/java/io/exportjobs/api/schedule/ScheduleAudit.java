package io.exportjobs.api.schedule;

import io.exportjobs.api.audit.AuditEntry;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ledger entries of schedule actions ({@code schedule.created}, {@code .updated}, {@code
 * .paused}, {@code .resumed}, {@code .triggered}, {@code .backfilled}, {@code .deleted}), resource
 * {@code schedule:<id>}, with attributes that say what the action set or changed. Values are
 * clipped, so that an entry always fits the ledger's attribute limit.
 */
final class ScheduleAudit {

  private static final int MAX_TEXT = 200;
  private static final Set<String> NOT_CHANGEABLE = Set.of("id", "tenant", "createdBy");

  private ScheduleAudit() {}

  static AuditEntry created(ScheduleDefinition d, boolean paused) {
    Map<String, Object> details = new LinkedHashMap<>();
    for (RecordComponent c : ScheduleDefinition.class.getRecordComponents()) {
      if (!NOT_CHANGEABLE.contains(c.getName())) {
        putIfSet(details, c.getName(), value(c, d));
      }
    }
    details.put("paused", paused);
    return AuditEntry.schedule(d.id(), "schedule.created", details);
  }

  /**
   * {@code changes}: the fields whose value differs, with their new value ({@code job} as its type
   * and format, and {@code jobFields} naming what changed in it).
   */
  static AuditEntry updated(
      ScheduleDefinition was,
      ScheduleDefinition next,
      boolean wasPaused,
      boolean paused,
      String wasNote,
      String note) {
    Map<String, Object> changes = new LinkedHashMap<>();
    for (RecordComponent c : ScheduleDefinition.class.getRecordComponents()) {
      Object before = value(c, was);
      Object after = value(c, next);
      if (!NOT_CHANGEABLE.contains(c.getName()) && !Objects.equals(before, after)) {
        changes.put(c.getName(), after == null ? "" : after);
      }
    }
    if (!Objects.equals(was.job(), next.job()) && was.job() != null && next.job() != null) {
      changes.put("jobFields", jobFields(was.job(), next.job()));
    }
    if (wasPaused != paused) {
      changes.put("paused", paused);
    }
    if (!Objects.equals(wasNote, note)) {
      changes.put("note", clip(note));
    }
    return AuditEntry.schedule(next.id(), "schedule.updated", Map.of("changes", changes));
  }

  static AuditEntry paused(String id, String note) {
    return AuditEntry.schedule(id, "schedule.paused", Map.of("note", clip(note)));
  }

  static AuditEntry resumed(String id, String note) {
    return AuditEntry.schedule(id, "schedule.resumed", Map.of("note", clip(note)));
  }

  static AuditEntry triggered(String id) {
    return AuditEntry.schedule(id, "schedule.triggered", Map.of());
  }

  static AuditEntry backfilled(String id, Instant from, Instant to) {
    return AuditEntry.schedule(
        id, "schedule.backfilled", Map.of("from", from.toString(), "to", to.toString()));
  }

  static AuditEntry deleted(String id) {
    return AuditEntry.schedule(id, "schedule.deleted", Map.of());
  }

  private static List<String> jobFields(
      ScheduleBodies.JobTemplate was, ScheduleBodies.JobTemplate next) {
    List<String> fields = new ArrayList<>();
    for (RecordComponent c : ScheduleBodies.JobTemplate.class.getRecordComponents()) {
      if (!Objects.equals(raw(c, was), raw(c, next))) {
        fields.add(c.getName());
      }
    }
    return fields;
  }

  /** A definition field as the entry shows it: text clipped, the job as its type and format. */
  private static Object value(RecordComponent c, ScheduleDefinition d) {
    Object v = raw(c, d);
    if (v instanceof ScheduleBodies.JobTemplate job) {
      Map<String, Object> summary = new LinkedHashMap<>();
      putIfSet(summary, "type", clip(job.type()));
      putIfSet(summary, "format", clip(job.format()));
      return summary;
    }
    return v == null ? null : clip(String.valueOf(v));
  }

  private static Object raw(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String clip(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }
}
