package io.exportjobs.shared.admission;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A job attempt asking for one of its tenant's active slots; {@code createdAt} and {@code jobId}
 * order the queue. Runs of the second version that still wait at an upgrade also send the {@code
 * scheduleId} and {@code overlap} of the admission that decided schedule overlap then: they are
 * ignored, Temporal's schedule decides overlap now.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdmissionRequest(String jobId, String tenant, int attempt, Instant createdAt) {}
