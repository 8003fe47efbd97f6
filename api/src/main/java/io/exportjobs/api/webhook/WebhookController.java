package io.exportjobs.api.webhook;

import io.exportjobs.api.openapi.ProblemAnswer;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.Scope;
import io.exportjobs.api.web.Page;
import io.exportjobs.api.web.Paging;
import io.exportjobs.shared.webhook.ReceiverPolicy;
import io.exportjobs.shared.webhook.WebhookDelivery;
import io.exportjobs.shared.webhook.WebhookDeliveryStore;
import io.exportjobs.shared.webhook.WebhookSubscription;
import io.exportjobs.shared.webhook.WebhookSubscriptionStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(
    name = "webhooks",
    description =
        "Completion webhooks (Standard Webhooks): export.completed, export.failed,"
            + " export.cancelled, export.expired, signed with the subscription's whsec_ secret")
class WebhookController {

  static final String BASE = "/api/v1/webhooks/";

  private final WebhookService webhooks;

  WebhookController(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createWebhook", summary = "Subscribe a receiver URL to job events")
  @ApiResponse(
      responseCode = "201",
      description = "The subscription with its secret, shown this once",
      headers = @Header(name = "Location", description = "/api/v1/webhooks/{id}"))
  @ProblemAnswer(status = 400, codes = "validation_failed", when = "no url, or an unknown event")
  @ProblemAnswer(
      status = 422,
      codes = "receiver_not_allowed",
      when =
          "a URL that is not http(s), or whose host is on a loopback, private or link-local"
              + " address (outside the dev and test profiles and the allow-list)")
  ResponseEntity<WebhookBodies.WithSecret> create(
      Caller caller, @RequestBody WebhookBodies.Create body) {
    caller.require(Scope.EXPORTS_WRITE);
    WebhookSubscription created = webhooks.create(caller, body);
    return ResponseEntity.created(URI.create(BASE + created.id()))
        .body(WebhookBodies.WithSecret.of(created));
  }

  @GetMapping
  @Operation(operationId = "listWebhooks", summary = "The tenant's webhooks, newest first")
  Page<WebhookBodies.View> list(
      Caller caller,
      @RequestParam(required = false) Integer pageSize,
      @RequestParam(required = false) String pageToken) {
    caller.require(Scope.EXPORTS_READ);
    int size = Paging.pageSize(pageSize);
    List<WebhookSubscription> rows = webhooks.list(caller, size, Paging.pageToken(pageToken));
    List<WebhookSubscription> page = rows.subList(0, Math.min(size, rows.size()));
    String next =
        rows.size() > size ? WebhookSubscriptionStore.subscriptionToken(page.get(size - 1)) : null;
    return new Page<>(page.stream().map(WebhookBodies.View::of).toList(), next);
  }

  @GetMapping("/{id}")
  @Operation(operationId = "getWebhook", summary = "One webhook (without its secret)")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such webhook in the tenant")
  WebhookBodies.View get(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_READ);
    return WebhookBodies.View.of(webhooks.find(caller, id));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteWebhook",
      summary = "Unsubscribe; deliveries still being retried stop at their next attempt")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such webhook in the tenant")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    webhooks.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/rotate-secret")
  @Operation(
      operationId = "rotateWebhookSecret",
      summary = "A new secret; from now on deliveries are signed with it only")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such webhook in the tenant")
  WebhookBodies.WithSecret rotate(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    return WebhookBodies.WithSecret.of(webhooks.rotate(caller, id));
  }

  @GetMapping("/{id}/deliveries")
  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "Deliveries to this webhook, newest first, each with every attempt and its outcome")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such webhook in the tenant")
  Page<WebhookDelivery> deliveries(
      Caller caller,
      @PathVariable String id,
      @RequestParam(required = false) Integer pageSize,
      @RequestParam(required = false) String pageToken) {
    caller.require(Scope.EXPORTS_READ);
    int size = Paging.pageSize(pageSize);
    List<WebhookDelivery> rows = webhooks.deliveries(caller, id, size, Paging.pageToken(pageToken));
    List<WebhookDelivery> page = rows.subList(0, Math.min(size, rows.size()));
    String next =
        rows.size() > size ? WebhookDeliveryStore.deliveryToken(page.get(size - 1)) : null;
    return new Page<>(List.copyOf(page), next);
  }

  @Configuration(proxyBeanMethods = false)
  static class ReceiverPolicyConfiguration {

    @Bean
    ReceiverPolicy receiverPolicy(Environment environment) {
      return ReceiverPolicy.from(environment);
    }
  }
}
