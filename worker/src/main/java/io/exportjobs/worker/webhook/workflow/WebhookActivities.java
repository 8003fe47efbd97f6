package io.exportjobs.worker.webhook.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Webhook notification and delivery, grouped by capability. */
@ActivityInterface
public interface WebhookActivities {

  /** Failure types of {@code DeliverWebhook} that no retry can mend. */
  String RECEIVER_NOT_ALLOWED = "receiver_not_allowed";

  String WEBHOOK_DELETED = "webhook_deleted";

  /** A receiver that did not answer 2xx: retried. */
  String NOT_ACCEPTED = "webhook_not_accepted";

  /**
   * Starts one {@code WebhookDelivery} workflow per subscription of the job's tenant that wants the
   * event (workflow id from the message id: a repeat starts nothing new). Returns how many.
   */
  @ActivityMethod(name = "NotifyWebhooks")
  int notify(JobEvent event);

  /**
   * One signed POST to the receiver; records the attempt (delivery log and ledger). Returns the
   * attempt number on a 2xx answer; fails otherwise, so that Temporal retries with backoff.
   */
  @ActivityMethod(name = "DeliverWebhook")
  int deliver(DeliveryRequest request);

  /** The delivery's outcome, {@code delivered} or {@code failed}, in the log and the ledger. */
  @ActivityMethod(name = "RecordWebhookOutcome")
  void recordOutcome(DeliveryRequest request, String status, String error);
}
