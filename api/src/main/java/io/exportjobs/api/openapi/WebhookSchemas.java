package io.exportjobs.api.openapi;

import static io.exportjobs.api.openapi.SchemaPatch.array;
import static io.exportjobs.api.openapi.SchemaPatch.enumString;
import static io.exportjobs.api.openapi.SchemaPatch.string;

import io.exportjobs.shared.webhook.WebhookEvents;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;

/** The webhook subscriptions' and deliveries' schemas. */
final class WebhookSchemas {

  private WebhookSchemas() {}

  @SuppressWarnings("rawtypes")
  static void add(Map<String, Schema> s) {
    String[] events = WebhookEvents.ALL.toArray(String[]::new);
    // the nested record of a shared class gets a name of its own in the document
    Schema attempt = s.remove("Attempt");
    s.put("WebhookDeliveryAttempt", attempt);
    SchemaPatch.of(s, "WebhookDeliveryAttempt")
        .allRequired()
        .nullable("statusCode", "error")
        .describe("statusCode", "the receiver's HTTP status; null when it did not answer");
    SchemaPatch.of(s, "WebhookDelivery")
        .allRequired()
        .set("attempts", array(SchemaPatch.ref("WebhookDeliveryAttempt")))
        .enumOf("status", "pending", "delivered", "failed")
        .enumOf("event", events)
        .nullable("lastError", "completedAt")
        .describe("id", "the webhook-id header of every attempt");
    SchemaPatch.of(s, "CreateWebhookRequest")
        .required("url")
        .set(
            "url",
            string()
                .format("uri")
                .pattern("^https?://")
                .maxLength(2048)
                .example("https://hooks.example.com/exports")
                .description(
                    "http(s); a host on public addresses outside the dev and test profiles"))
        .set(
            "events",
            array(enumString(events))
                .minItems(1)
                .description("default: all four")
                .example(List.of("export.completed", "export.failed")))
        .set("description", string().maxLength(256).pattern("^[^\\u0000-\\u001f]*$"))
        .optionalNullable();
    for (String name : List.of("Webhook", "WebhookWithSecret")) {
      SchemaPatch.of(s, name)
          .allRequired()
          .set("events", array(enumString(events)))
          .nullable("description", "secretRotatedAt");
    }
    SchemaPatch.of(s, "WebhookWithSecret")
        .set(
            "secret",
            string()
                .pattern("^whsec_[A-Za-z0-9+/=]+$")
                .description("the HMAC-SHA256 key of webhook-signature (Standard Webhooks)"));
  }
}
