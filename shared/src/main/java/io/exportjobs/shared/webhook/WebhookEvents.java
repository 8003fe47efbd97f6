package io.exportjobs.shared.webhook;

import java.util.List;

/** The events a webhook subscription can receive: a job's terminal transitions. */
public final class WebhookEvents {

  public static final String COMPLETED = "export.completed";
  public static final String FAILED = "export.failed";
  public static final String CANCELLED = "export.cancelled";
  public static final String EXPIRED = "export.expired";

  public static final List<String> ALL = List.of(COMPLETED, FAILED, CANCELLED, EXPIRED);

  private WebhookEvents() {}
}
