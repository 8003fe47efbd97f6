package io.exportjobs.shared.webhook;

import java.time.Instant;
import java.util.List;

/**
 * One message to one subscription, and what became of it.
 *
 * @param id the {@code webhook-id} of every attempt
 * @param status {@code pending}, {@code delivered} or {@code failed}
 */
public record WebhookDelivery(
    String id,
    String tenant,
    String subscriptionId,
    String event,
    String jobId,
    String status,
    int attemptCount,
    String lastError,
    Instant createdAt,
    Instant completedAt,
    List<Attempt> attempts) {

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  /** One POST: when, the receiver's status (null without an answer), the error, how long. */
  public record Attempt(
      int attempt, Instant at, Integer statusCode, String error, long durationMs) {}
}
