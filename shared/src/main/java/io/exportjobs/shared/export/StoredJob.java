package io.exportjobs.shared.export;

import io.exportjobs.shared.artifact.ArtifactLocation;

/** A job index row: the job plus what only the service needs (where the bytes are, idempotency). */
public record StoredJob(
    ExportJob job, ArtifactLocation artifactLocation, String idempotencyKey, String requestHash) {}
