package io.exportjobs.worker;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/**
 * Turns an activity's exception into an {@link ApplicationFailure} with a stable error code as its
 * type and the attempt number as its detail, so that a failed job can say what failed and how often
 * it was tried.
 */
public final class ActivityFailures {

  private ActivityFailures() {}

  public static ApplicationFailure retryable(String code, Exception cause) {
    return ApplicationFailure.newFailureWithCause(message(cause), code, cause, attempt());
  }

  public static ApplicationFailure nonRetryable(String code, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, code, attempt());
  }

  private static String message(Exception cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  private static int attempt() {
    return Activity.getExecutionContext().getInfo().getAttempt();
  }
}
