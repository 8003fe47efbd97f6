package io.exportjobs.shared.export;

import java.time.Instant;

/** Why a job failed: a stable code, a message, the activity that failed and how often it ran. */
public record ExportError(String code, String message, String activity, int attempts, Instant at) {}
