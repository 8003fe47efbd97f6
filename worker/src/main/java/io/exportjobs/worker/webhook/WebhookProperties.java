package io.exportjobs.worker.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How webhook deliveries are retried ({@code exportjobs.webhooks.*}): for up to {@code retryBudget}
 * (24 hours), waiting {@code firstRetry} after the first failure and twice as long after each next
 * one, at most {@code maxRetryInterval}; each POST waits {@code requestTimeout} for an answer.
 * Receivers on non-public addresses: {@code allowed-networks} ({@link
 * io.exportjobs.shared.webhook.ReceiverPolicy}).
 */
@ConfigurationProperties("exportjobs.webhooks")
public record WebhookProperties(
    Duration retryBudget, Duration firstRetry, Duration maxRetryInterval, Duration requestTimeout) {

  public WebhookProperties {
    retryBudget = retryBudget == null ? Duration.ofHours(24) : retryBudget;
    firstRetry = firstRetry == null ? Duration.ofSeconds(5) : firstRetry;
    maxRetryInterval = maxRetryInterval == null ? Duration.ofHours(1) : maxRetryInterval;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
  }
}
