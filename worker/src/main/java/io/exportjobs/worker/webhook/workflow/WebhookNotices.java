package io.exportjobs.worker.webhook.workflow;

import io.exportjobs.shared.export.ExportJob;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * The export workflow's one call into webhooks, at each terminal transition: {@code NotifyWebhooks}
 * starts the deliveries, each a workflow of its own, and returns at once, so the export never waits
 * for a receiver and a failing notification never fails an export. Behind a version marker, so
 * histories recorded before it replay unchanged.
 */
public final class WebhookNotices {

  static final String CHANGE_ID = "webhook-notices";

  private WebhookNotices() {}

  /** Tells the tenant's webhooks that {@code job} reached {@code event}. Workflow code only. */
  public static void send(ExportJob job, String event) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    WebhookActivities webhooks =
        Workflow.newActivityStub(
            WebhookActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(10)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .build())
                .build());
    try {
      webhooks.notify(new JobEvent(event, job, Instant.ofEpochMilli(Workflow.currentTimeMillis())));
    } catch (ActivityFailure failure) {
      Workflow.getLogger(WebhookNotices.class)
          .warn(
              "could not notify the webhooks of {} ({}): {}",
              job.id(),
              event,
              failure.getMessage());
    }
  }
}
