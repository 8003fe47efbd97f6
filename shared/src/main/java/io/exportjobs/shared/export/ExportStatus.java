package io.exportjobs.shared.export;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code pending → running → completed → expired}; {@code pending|running → failed|cancelled}; a
 * retry takes {@code failed|cancelled} back to {@code pending}.
 */
public enum ExportStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  EXPIRED,
  FAILED,
  CANCELLED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** No more work will happen for this attempt (a completed job still waits for its expiry). */
  public boolean isFinished() {
    return this != PENDING && this != RUNNING;
  }

  public boolean isRetryable() {
    return this == FAILED || this == CANCELLED;
  }

  public static Optional<ExportStatus> parse(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
  }

  @JsonCreator
  static ExportStatus fromJson(String wire) {
    return parse(wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown status '" + wire + "'"));
  }
}
