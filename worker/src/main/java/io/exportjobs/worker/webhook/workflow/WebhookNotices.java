package io.exportjobs.worker.webhook.workflow;

import io.exportjobs.shared.export.ExportJob;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
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

  /**
   * Tells the tenant's webhooks that {@code job} reached {@code event}, by a local activity when
   * {@code local} (the export workflow's bookkeeping from v5). Workflow code only.
   */
  public static void send(ExportJob job, String event, boolean local) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    Duration timeout = Duration.ofSeconds(30);
    RetryOptions retries =
        RetryOptions.newBuilder()
            .setMaximumAttempts(10)
            .setMaximumInterval(Duration.ofMinutes(1))
            .build();
    WebhookActivities webhooks =
        local
            ? Workflow.newLocalActivityStub(
                WebhookActivities.class,
                LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(timeout)
                    .setRetryOptions(retries)
                    .build())
            : Workflow.newActivityStub(
                WebhookActivities.class,
                ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(timeout)
                    .setRetryOptions(retries)
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
