package io.exportjobs.shared.admission;

import java.time.Instant;

/**
 * A job attempt asking for one of its tenant's active slots. {@code createdAt} and {@code jobId}
 * order the queue; {@code scheduleId} and {@code overlap} apply a schedule's overlap policy.
 */
public record AdmissionRequest(
    String jobId,
    String tenant,
    int attempt,
    Instant createdAt,
    String scheduleId,
    Overlap overlap) {

  public AdmissionRequest {
    overlap = overlap == null ? Overlap.ALLOW_ALL : overlap;
  }
}
