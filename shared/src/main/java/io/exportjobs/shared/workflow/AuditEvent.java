package io.exportjobs.shared.workflow;

import java.time.Instant;
import java.util.Map;

/**
 * An export action to append to the tenant's ledger. {@code eventKey} makes the append idempotent,
 * so a retried activity or a reset workflow does not write it twice.
 */
public record AuditEvent(
    String tenant,
    String actor,
    String action,
    String jobId,
    String outcome,
    Instant occurredAt,
    Map<String, Object> attributes,
    String eventKey) {}
