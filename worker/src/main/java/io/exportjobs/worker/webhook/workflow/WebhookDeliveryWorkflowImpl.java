package io.exportjobs.worker.webhook.workflow;

import io.exportjobs.shared.webhook.WebhookDelivery;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** See {@link WebhookDeliveryWorkflow}. */
public class WebhookDeliveryWorkflowImpl implements WebhookDeliveryWorkflow {

  /** Failures that no retry can mend. */
  static final String[] FINAL = {
    WebhookActivities.RECEIVER_NOT_ALLOWED, WebhookActivities.WEBHOOK_DELETED
  };

  @Override
  public String deliver(DeliveryRequest request) {
    WebhookActivities attempts =
        Workflow.newActivityStub(
            WebhookActivities.class,
            ActivityOptions.newBuilder()
                // the HTTP call times out first; this only catches a worker that died mid-call
                .setStartToCloseTimeout(request.requestTimeout().plus(Duration.ofSeconds(30)))
                .setScheduleToCloseTimeout(request.budget())
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(request.firstRetry())
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(request.maxRetryInterval())
                        .setMaximumAttempts(0)
                        .setDoNotRetry(FINAL)
                        .build())
                .build());
    WebhookActivities bookkeeping =
        Workflow.newActivityStub(
            WebhookActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(
                    RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
                .build());
    String status;
    String error = null;
    try {
      attempts.deliver(request);
      status = WebhookDelivery.DELIVERED;
    } catch (ActivityFailure failure) {
      status = WebhookDelivery.FAILED;
      error = why(failure, request);
    }
    bookkeeping.recordOutcome(request, status, error);
    return status;
  }

  private static String why(ActivityFailure failure, DeliveryRequest request) {
    if (failure.getCause() instanceof ApplicationFailure app) {
      if (app.isNonRetryable() || java.util.Arrays.asList(FINAL).contains(app.getType())) {
        return app.getOriginalMessage();
      }
      // a retryable failure ends the delivery only when the next try would pass the budget
      return "the retry budget of "
          + request.budget()
          + " is spent; last "
          + app.getOriginalMessage();
    }
    if (failure.getCause() instanceof TimeoutFailure) {
      return "no attempt was accepted within the retry budget of " + request.budget();
    }
    return failure.getMessage();
  }
}
