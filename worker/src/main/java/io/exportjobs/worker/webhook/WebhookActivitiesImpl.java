package io.exportjobs.worker.webhook;

import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.webhook.ReceiverPolicy;
import io.exportjobs.shared.webhook.WebhookDelivery;
import io.exportjobs.shared.webhook.WebhookDeliveryStore;
import io.exportjobs.shared.webhook.WebhookSigner;
import io.exportjobs.shared.webhook.WebhookSubscription;
import io.exportjobs.shared.webhook.WebhookSubscriptionStore;
import io.exportjobs.worker.webhook.workflow.DeliveryRequest;
import io.exportjobs.worker.webhook.workflow.JobEvent;
import io.exportjobs.worker.webhook.workflow.WebhookActivities;
import io.exportjobs.worker.webhook.workflow.WebhookDeliveryWorkflow;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Webhooks as Standard Webhooks describes them: the body is {@code {"type", "timestamp", "data"}}
 * with the job as the api serves it; each attempt carries {@code webhook-id} (the same for every
 * attempt), {@code webhook-timestamp} (the attempt's, in seconds) and {@code webhook-signature}.
 * Every attempt and every outcome goes to the delivery log and to the tenant's ledger ({@code
 * webhook.delivery_attempted}, {@code webhook.delivered}, {@code webhook.delivery_failed}, actor
 * {@code system}), each at most once.
 */
@Component("webhookActivities")
public class WebhookActivitiesImpl implements WebhookActivities {

  private static final Logger log = LoggerFactory.getLogger(WebhookActivitiesImpl.class);

  private final WebhookSubscriptionStore subscriptions;
  private final WebhookDeliveryStore deliveries;
  private final LedgerStore ledger;
  private final WorkflowClient client;
  private final WebhookSender sender;
  private final WebhookProperties properties;
  private final Clock clock;
  private final String taskQueue;

  WebhookActivitiesImpl(
      WebhookSubscriptionStore subscriptions,
      WebhookDeliveryStore deliveries,
      LedgerStore ledger,
      WorkflowClient client,
      ReceiverPolicy receivers,
      WebhookProperties properties,
      Clock clock,
      @Value("${exportjobs.task-queue:exports}") String taskQueue) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.ledger = ledger;
    this.client = client;
    this.sender = new WebhookSender(receivers, properties.requestTimeout());
    this.properties = properties;
    this.clock = clock;
    this.taskQueue = taskQueue;
  }

  @Override
  public int notify(JobEvent event) {
    ExportJob job = event.job();
    List<WebhookSubscription> subscribers = subscriptions.subscribers(job.tenant(), event.event());
    String payload = payload(event);
    for (WebhookSubscription s : subscribers) {
      String id = deliveryId(s, event);
      deliveries.insertDelivery(
          new WebhookDelivery(
              id,
              job.tenant(),
              s.id(),
              event.event(),
              job.id(),
              WebhookDelivery.PENDING,
              0,
              null,
              event.at(),
              null,
              List.of()),
          payload);
      DeliveryRequest request =
          new DeliveryRequest(
              id,
              job.tenant(),
              s.id(),
              event.event(),
              job.id(),
              properties.retryBudget(),
              properties.firstRetry(),
              properties.maxRetryInterval(),
              properties.requestTimeout());
      WebhookDeliveryWorkflow delivery =
          client.newWorkflowStub(
              WebhookDeliveryWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("webhook-" + job.tenant() + "-" + id)
                  .setTaskQueue(taskQueue)
                  .setWorkflowIdReusePolicy(
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                  .build());
      try {
        WorkflowClient.start(delivery::deliver, request);
      } catch (WorkflowExecutionAlreadyStarted repeated) {
        // this notification ran before (a retried activity, a reset): the delivery exists
      }
    }
    return subscribers.size();
  }

  @Override
  public int deliver(DeliveryRequest request) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    WebhookSubscription s =
        subscriptions.find(request.tenant(), request.subscriptionId()).orElse(null);
    if (s == null) {
      record(request, attempt, at, null, "the webhook was deleted", 0);
      throw ApplicationFailure.newNonRetryableFailure("the webhook was deleted", WEBHOOK_DELETED);
    }
    String body =
        deliveries
            .payload(request.deliveryId())
            .orElseThrow(() -> new IllegalStateException("no payload for " + request.deliveryId()));
    long timestamp = at.getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", request.deliveryId());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put(
        "webhook-signature", WebhookSigner.sign(s.secret(), request.deliveryId(), timestamp, body));
    long started = System.nanoTime();
    WebhookSender.Answer answer = sender.post(s.url(), headers, body, request.requestTimeout());
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    record(request, attempt, at, answer.status(), answer.error(), millis);
    if (answer.refused()) {
      throw ApplicationFailure.newNonRetryableFailure(answer.error(), RECEIVER_NOT_ALLOWED);
    }
    if (!answer.accepted()) {
      log.info("webhook {} attempt {}: {}", request.deliveryId(), attempt, answer.error());
      throw ApplicationFailure.newFailure(
          "attempt " + attempt + ": " + answer.error(), NOT_ACCEPTED);
    }
    return attempt;
  }

  @Override
  public void recordOutcome(DeliveryRequest request, String status, String error) {
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    deliveries.complete(request.deliveryId(), status, error, at);
    boolean delivered = WebhookDelivery.DELIVERED.equals(status);
    String action = delivered ? "webhook.delivered" : "webhook.delivery_failed";
    Map<String, Object> attributes = attributes(request);
    if (error != null) {
      attributes.put("error", error);
    }
    append(
        request,
        at,
        action,
        delivered ? Outcome.SUCCESS : Outcome.FAILURE,
        attributes,
        request.deliveryId() + "/outcome/" + action);
  }

  /** The attempt in the delivery log, then in the ledger; both at most once per attempt. */
  private void record(
      DeliveryRequest request, int attempt, Instant at, Integer status, String error, long millis) {
    deliveries.recordAttempt(
        request.deliveryId(), new WebhookDelivery.Attempt(attempt, at, status, error, millis));
    Map<String, Object> attributes = attributes(request);
    attributes.put("attempt", attempt);
    if (status != null) {
      attributes.put("statusCode", status);
    }
    if (error != null) {
      attributes.put("error", error);
    }
    boolean accepted = status != null && status >= 200 && status < 300;
    append(
        request,
        at,
        "webhook.delivery_attempted",
        accepted ? Outcome.SUCCESS : Outcome.FAILURE,
        attributes,
        request.deliveryId() + "/" + attempt + "/webhook.delivery_attempted");
  }

  private void append(
      DeliveryRequest request,
      Instant at,
      String action,
      Outcome outcome,
      Map<String, Object> attributes,
      String eventKey) {
    ledger.append(
        request.tenant(),
        List.of(
            new NewLedgerEntry(
                at,
                "system",
                action,
                "webhook:" + request.subscriptionId(),
                outcome,
                attributes,
                eventKey)));
  }

  private static Map<String, Object> attributes(DeliveryRequest request) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("webhookId", request.subscriptionId());
    a.put("deliveryId", request.deliveryId());
    a.put("event", request.event());
    a.put("jobId", request.jobId());
    return a;
  }

  /** The same message for the same subscription, job attempt and event, however often notified. */
  static String deliveryId(WebhookSubscription s, JobEvent event) {
    String key =
        s.id() + "\n" + event.job().id() + "\n" + event.job().attempt() + "\n" + event.event();
    return "msg_" + Digests.sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /**
   * {@code {"type", "timestamp", "data": job}}, the job as {@code GET /exports/{id}} answers it.
   */
  static String payload(JobEvent event) {
    ExportJob job = event.job();
    if (job.artifact() != null) {
      job =
          job.toBuilder()
              .artifact(job.artifact().withDownloadUrl("/api/v1/exports/" + job.id() + "/artifact"))
              .build();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.event());
    body.put("timestamp", event.at().toString());
    body.put("data", job);
    return Json.write(body);
  }
}
