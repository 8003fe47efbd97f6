package io.exportjobs.shared.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's webhook: where to POST which events, signed with {@code secret} ({@code whsec_…},
 * Standard Webhooks).
 */
public record WebhookSubscription(
    String id,
    String tenant,
    String url,
    List<String> events,
    String description,
    String secret,
    Instant createdAt,
    String createdBy,
    Instant secretRotatedAt) {

  public WebhookSubscription {
    events = List.copyOf(events);
  }

  public boolean wants(String event) {
    return events.contains(event);
  }
}
