package io.exportjobs.api.webhook;

import com.github.f4b6a3.ulid.UlidCreator;
import io.exportjobs.api.audit.AuditEntry;
import io.exportjobs.api.audit.AuditTrail;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.FieldError;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.webhook.ReceiverPolicy;
import io.exportjobs.shared.webhook.WebhookDelivery;
import io.exportjobs.shared.webhook.WebhookDeliveryStore;
import io.exportjobs.shared.webhook.WebhookEvents;
import io.exportjobs.shared.webhook.WebhookSigner;
import io.exportjobs.shared.webhook.WebhookSubscription;
import io.exportjobs.shared.webhook.WebhookSubscriptionStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A tenant's webhook subscriptions. A receiver URL is checked before it is stored (an http(s) URL
 * whose host is on public addresses, {@link ReceiverPolicy}); creating, deleting and rotating are
 * appended to the tenant's ledger before they are carried out. The secret goes to the caller, never
 * to the ledger.
 */
@Service
class WebhookService {

  static final int MAX_URL = 2048;
  static final int MAX_DESCRIPTION = 256;

  private final WebhookSubscriptionStore store;
  private final WebhookDeliveryStore deliveries;
  private final ReceiverPolicy receivers;
  private final AuditTrail audit;
  private final Clock clock;

  WebhookService(
      WebhookSubscriptionStore store,
      WebhookDeliveryStore deliveries,
      ReceiverPolicy receivers,
      AuditTrail audit,
      Clock clock) {
    this.store = store;
    this.deliveries = deliveries;
    this.receivers = receivers;
    this.audit = audit;
    this.clock = clock;
  }

  WebhookSubscription create(Caller caller, WebhookBodies.Create body) {
    if (body == null) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    List<FieldError> errors = new ArrayList<>();
    if (body.url() == null || body.url().isBlank()) {
      errors.add(new FieldError("url", "is required"));
    } else if (body.url().length() > MAX_URL) {
      errors.add(new FieldError("url", "must be at most " + MAX_URL + " characters"));
    }
    List<String> events = events(body.events(), errors);
    String description = body.description();
    if (description != null
        && (description.length() > MAX_DESCRIPTION
            || description.chars().anyMatch(c -> c < 0x20))) {
      errors.add(
          new FieldError(
              "description", "must be at most 256 characters, without control characters"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    try {
      receivers.check(body.url());
    } catch (ReceiverPolicy.Refused refused) {
      throw receiverNotAllowed(refused.getMessage());
    }
    WebhookSubscription subscription =
        new WebhookSubscription(
            "wh_" + UlidCreator.getMonotonicUlid(),
            caller.tenant(),
            body.url(),
            events,
            description,
            WebhookSigner.newSecret(),
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            caller.actor(),
            null);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("webhookId", subscription.id());
    details.put("url", subscription.url());
    details.put("events", events);
    return audit.recordThen(
        caller,
        new AuditEntry("webhook.created", "webhook:" + subscription.id(), details, null),
        () -> {
          store.insert(subscription);
          return subscription;
        });
  }

  WebhookSubscription find(Caller caller, String id) {
    if (id.length() > 64) {
      throw ApiException.notFound("webhook");
    }
    return store
        .find(caller.tenant(), id)
        .orElseThrow(() -> ApiException.notFound("webhook " + id));
  }

  void delete(Caller caller, String id) {
    WebhookSubscription s = find(caller, id);
    audit.recordThen(
        caller,
        new AuditEntry(
            "webhook.deleted",
            "webhook:" + s.id(),
            Map.of("webhookId", s.id(), "url", s.url()),
            null),
        () -> {
          if (!store.delete(caller.tenant(), id)) {
            throw ApiException.notFound("webhook " + id);
          }
          return null;
        });
  }

  WebhookSubscription rotate(Caller caller, String id) {
    WebhookSubscription s = find(caller, id);
    String secret = WebhookSigner.newSecret();
    return audit.recordThen(
        caller,
        new AuditEntry(
            "webhook.secret_rotated", "webhook:" + s.id(), Map.of("webhookId", s.id()), null),
        () ->
            store
                .rotateSecret(
                    caller.tenant(), id, secret, clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .orElseThrow(() -> ApiException.notFound("webhook " + id)));
  }

  List<WebhookSubscription> list(Caller caller, int pageSize, String pageToken) {
    return store.list(caller.tenant(), pageSize + 1, pageToken);
  }

  List<WebhookDelivery> deliveries(Caller caller, String id, int pageSize, String pageToken) {
    WebhookSubscription s = find(caller, id);
    return deliveries.deliveries(caller.tenant(), s.id(), pageSize + 1, pageToken);
  }

  private static List<String> events(List<String> requested, List<FieldError> errors) {
    if (requested == null) {
      return WebhookEvents.ALL;
    }
    if (requested.isEmpty()) {
      errors.add(new FieldError("events", "must name at least one event"));
      return List.of();
    }
    LinkedHashSet<String> events = new LinkedHashSet<>();
    for (String e : requested) {
      if (e == null || !WebhookEvents.ALL.contains(e)) {
        errors.add(
            new FieldError("events", "must be among " + String.join(", ", WebhookEvents.ALL)));
        return List.of();
      }
      events.add(e);
    }
    return List.copyOf(events);
  }

  /** 422 {@code receiver_not_allowed}: a URL the service will not call. */
  static ApiException receiverNotAllowed(String why) {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "receiver_not_allowed",
        "Receiver not allowed",
        "url " + why,
        List.of(new FieldError("url", why)),
        null);
  }
}
