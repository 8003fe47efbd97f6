package io.exportjobs.shared.artifact;

import java.net.URI;
import java.time.Instant;

/** A time-limited URL that downloads one artifact straight from its object store. */
public record PresignedUrl(URI url, Instant expiresAt) {}
