package io.exportjobs.worker.webhook.workflow;

import java.time.Duration;

/**
 * One delivery workflow's input: which message to which subscription, and the retry settings it was
 * started with (from {@code WebhookProperties}, so that a running delivery keeps them).
 *
 * @param deliveryId the {@code webhook-id}, the same for every attempt
 * @param budget how long attempts may go on before the delivery fails (default 24 hours)
 */
public record DeliveryRequest(
    String deliveryId,
    String tenant,
    String subscriptionId,
    String event,
    String jobId,
    Duration budget,
    Duration firstRetry,
    Duration maxRetryInterval,
    Duration requestTimeout) {}
