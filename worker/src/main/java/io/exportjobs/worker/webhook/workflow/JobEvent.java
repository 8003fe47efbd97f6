package io.exportjobs.worker.webhook.workflow;

import io.exportjobs.shared.export.ExportJob;
import java.time.Instant;

/** A job reached a terminal state: the webhook event type, the job as it now is, and when. */
public record JobEvent(String event, ExportJob job, Instant at) {}
