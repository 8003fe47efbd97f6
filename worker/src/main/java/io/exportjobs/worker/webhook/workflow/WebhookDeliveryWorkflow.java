package io.exportjobs.worker.webhook.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers one message to one subscription: {@code DeliverWebhook} with Temporal's retries and
 * exponential backoff for up to the request's budget, then the outcome. Small and separate, so that
 * an export's workflow never waits for a receiver.
 */
@WorkflowInterface
public interface WebhookDeliveryWorkflow {

  String TYPE = "WebhookDelivery";

  /** Returns the outcome: {@code delivered} or {@code failed}. */
  @WorkflowMethod(name = TYPE)
  String deliver(DeliveryRequest request);
}
