package io.exportjobs.shared.policy;

/**
 * One reason a request is refused. {@code code} is the problem code the api answers with: {@code
 * policy_denied} (403: the type or format is not allowed, or needs {@code exports:admin}), {@code
 * out_of_bounds} (422: a well-formed value outside the policy's limits, such as the range span or
 * the retention), or {@code validation_failed} (400: malformed). {@code field} names the request
 * field.
 */
public record PolicyViolation(String code, String field, String message) {

  public static final String DENIED = "policy_denied";
  public static final String OUT_OF_BOUNDS = "out_of_bounds";
  public static final String INVALID = "validation_failed";

  /**
   * True when the policy refuses a well-formed request: a denied type or format, or a value outside
   * the policy's bounds. When the workflow re-checks a queued job, any of these fails it with
   * {@code policy_denied}: the policy changed, not the request.
   */
  public boolean isDenial() {
    return DENIED.equals(code) || OUT_OF_BOUNDS.equals(code);
  }

  /** A value outside the policy's limits (answered 422 by the api). */
  public boolean isOutOfBounds() {
    return OUT_OF_BOUNDS.equals(code);
  }
}
