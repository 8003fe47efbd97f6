package io.exportjobs.api.problem;

import io.exportjobs.shared.export.InvalidPageTokenException;
import io.temporal.client.WorkflowServiceException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Every error the MVC layer sees becomes problem JSON with a stable {@code code}. Input errors name
 * the field; infrastructure errors become 503, never 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> handleApi(ApiException e) {
    HttpHeaders headers = new HttpHeaders();
    e.headers().forEach(headers::add);
    return ResponseEntity.status(e.status()).headers(headers).body(Problems.of(e));
  }

  @ExceptionHandler(InvalidPageTokenException.class)
  ResponseEntity<ProblemDetail> handlePageToken(InvalidPageTokenException e) {
    return handleApi(ApiException.invalid("pageToken", "is not a token this service issued"));
  }

  /** Tomcat could not decode a query parameter (bad %-encoding, invalid UTF-8). */
  @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
  ResponseEntity<ProblemDetail> handleUndecodableParameter(IllegalStateException e) {
    return handleApi(
        ApiException.invalid("query", "holds a parameter that is not valid percent-encoded UTF-8"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
    return handleApi(ApiException.invalid(e.getName(), "has an invalid value"));
  }

  @ExceptionHandler({DataAccessException.class, WorkflowServiceException.class})
  ResponseEntity<ProblemDetail> handleUnavailable(RuntimeException e) {
    log.error("dependency unavailable", e);
    return handleApi(ApiException.unavailable("a backing service is unavailable; try again"));
  }

  @ExceptionHandler(io.grpc.StatusRuntimeException.class)
  ResponseEntity<ProblemDetail> handleGrpc(io.grpc.StatusRuntimeException e) {
    return handleUnavailable(e);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (causeOf(ex, BodyTooLargeException.class) != null) {
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
          .body(Problems.of(causeOf(ex, BodyTooLargeException.class).problem()));
    }
    DatabindException databind = causeOf(ex, DatabindException.class);
    FieldError error;
    if (databind != null && !databind.getPath().isEmpty()) {
      String field = path(databind);
      error = new FieldError(field, "has a value of the wrong type or format");
    } else if (causeOf(ex, JacksonException.class) != null) {
      error = new FieldError("body", "is not well-formed JSON");
    } else {
      error = new FieldError("body", "a JSON request body is required");
    }
    ProblemDetail body =
        Problems.of(
            HttpStatus.BAD_REQUEST,
            "validation_failed",
            "Invalid request",
            error.field() + " " + error.message(),
            List.of(error));
    return ResponseEntity.badRequest().body(body);
  }

  /** The first cause of {@code type} in the chain, or null. */
  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest()
        .body(Problems.of(ApiException.invalid(ex.getParameterName(), "is required")));
  }

  /** Spring's own problem bodies (404, 405, 406, 415 ...) get our type and code. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body == null && ex instanceof ErrorResponse response) {
      // Spring 7 hands its own errors (404, 405, 415 ...) over without a body
      body = response.getBody();
    }
    if (body instanceof ProblemDetail problem
        && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
      String code = codeFor(status);
      ProblemDetail ours =
          Problems.of(status, code, problem.getTitle(), safeDetail(problem, status), null);
      return super.handleExceptionInternal(ex, ours, headers, status, request);
    }
    return super.handleExceptionInternal(ex, body, headers, status, request);
  }

  static String codeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "validation_failed";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 410 -> "gone";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "quota_exceeded";
      case 503 -> "unavailable";
      default -> status.is4xxClientError() ? "bad_request" : "internal_error";
    };
  }

  private static String safeDetail(ProblemDetail problem, HttpStatusCode status) {
    if (status.value() == 404) {
      return "no such resource";
    }
    return problem.getDetail();
  }

  private static String path(DatabindException e) {
    StringBuilder field = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        field.append('[').append(ref.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
    log.error("unexpected error", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal_error",
                "Internal error",
                "the request could not be completed",
                null));
  }
}
