package io.exportjobs.shared.policy;

/**
 * One reason a request is refused. {@code code} is the problem code the api answers with ({@code
 * policy_denied} or {@code validation_failed}); {@code field} names the request field.
 */
public record PolicyViolation(String code, String field, String message) {

  public static final String DENIED = "policy_denied";
  public static final String INVALID = "validation_failed";

  public boolean isDenial() {
    return DENIED.equals(code);
  }
}
