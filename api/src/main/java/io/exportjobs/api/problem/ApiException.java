package io.exportjobs.api.problem;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the api answers as RFC 9457 problem JSON, with a stable {@code code} and, for invalid
 * input, the offending fields.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ApiException(
      HttpStatus status,
      String code,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public static ApiException invalid(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + " " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return new ApiException(
        HttpStatus.BAD_REQUEST, "validation_failed", "Invalid request", detail, errors, null);
  }

  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static ApiException notFound(String what) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "not_found", "Not found", what + " does not exist", null, null);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "conflict", "Conflict", detail, null, null);
  }

  public static ApiException gone(String detail) {
    return new ApiException(HttpStatus.GONE, "gone", "Gone", detail, null, null);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, null, null);
  }

  public static ApiException policyDenied(String detail, List<FieldError> errors) {
    return new ApiException(
        HttpStatus.FORBIDDEN, "policy_denied", "Denied by export policy", detail, errors, null);
  }

  /** 422 {@code out_of_bounds}: well-formed values outside the tenant's policy limits. */
  public static ApiException outOfBounds(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + " " + errors.get(0).message()
            : errors.size() + " values are outside the export policy's bounds";
    return new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "out_of_bounds",
        "Outside the export policy's bounds",
        detail,
        errors,
        null);
  }

  /** 429 {@code quota_exceeded} with {@code Retry-After} in whole seconds (at least 1). */
  public static ApiException quotaExceeded(String detail, long retryAfterSeconds) {
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS,
        "quota_exceeded",
        "Quota exceeded",
        detail,
        null,
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  public static ApiException unauthenticated(String detail) {
    return new ApiException(
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "Authentication required",
        detail,
        null,
        Map.of("WWW-Authenticate", "ApiKey header=\"X-API-Key\""));
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "unavailable",
        "Service unavailable",
        detail,
        null,
        Map.of("Retry-After", "5"));
  }

  public static ApiException idempotencyKeyReused() {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "idempotency_key_reused",
        "Idempotency-Key reused",
        "this Idempotency-Key was already used with a different request body",
        null,
        null);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
