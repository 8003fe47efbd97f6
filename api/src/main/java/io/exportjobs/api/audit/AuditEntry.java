package io.exportjobs.api.audit;

import io.exportjobs.shared.export.ExportJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One user action for the tenant's ledger: what was done ({@code action}), to what ({@code
 * resource}: {@code export:<job id>} or {@code schedule:<schedule id>}), the details, and for
 * one-per-attempt job actions the event key {@code <job id>/<attempt>/<action>} that the workflow
 * uses too, so that whichever of the two appends second is skipped.
 */
public record AuditEntry(
    String action, String resource, Map<String, Object> attributes, String eventKey) {

  public AuditEntry {
    attributes = Map.copyOf(attributes);
  }

  /**
   * An action on a job's attempt: attributes {@code jobId}, {@code attempt} and {@code type} (as
   * the workflow records them) and {@code details}.
   */
  public static AuditEntry job(
      ExportJob job, int attempt, String action, Map<String, Object> details, boolean keyed) {
    Map<String, Object> attributes = new LinkedHashMap<>(details);
    attributes.put("jobId", job.id());
    attributes.put("attempt", attempt);
    attributes.put("type", job.type().wire());
    return new AuditEntry(
        action,
        "export:" + job.id(),
        attributes,
        keyed ? job.id() + "/" + attempt + "/" + action : null);
  }

  /** An action on a schedule: attributes {@code scheduleId} and {@code details}; no event key. */
  public static AuditEntry schedule(String id, String action, Map<String, Object> details) {
    Map<String, Object> attributes = new LinkedHashMap<>(details);
    attributes.put("scheduleId", id);
    return new AuditEntry(action, "schedule:" + id, attributes, null);
  }
}
