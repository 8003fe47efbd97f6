package io.exportjobs.api.webhook;

import io.exportjobs.shared.webhook.WebhookSubscription;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** What the webhook calls take and answer; the secret is shown only by create and rotate. */
final class WebhookBodies {

  private WebhookBodies() {}

  @Schema(name = "CreateWebhookRequest")
  record Create(String url, List<String> events, String description) {}

  @Schema(name = "Webhook", description = "A subscription; its secret is shown only once")
  record View(
      String id,
      String url,
      List<String> events,
      String description,
      Instant createdAt,
      String createdBy,
      Instant secretRotatedAt) {

    static View of(WebhookSubscription s) {
      return new View(
          s.id(),
          s.url(),
          s.events(),
          s.description(),
          s.createdAt(),
          s.createdBy(),
          s.secretRotatedAt());
    }
  }

  @Schema(
      name = "WebhookWithSecret",
      description =
          "A subscription with its signing secret (whsec_…), answered by create and rotate only:"
              + " keep it, it is not shown again")
  record WithSecret(
      String id,
      String url,
      List<String> events,
      String description,
      Instant createdAt,
      String createdBy,
      Instant secretRotatedAt,
      String secret) {

    static WithSecret of(WebhookSubscription s) {
      return new WithSecret(
          s.id(),
          s.url(),
          s.events(),
          s.description(),
          s.createdAt(),
          s.createdBy(),
          s.secretRotatedAt(),
          s.secret());
    }
  }
}
