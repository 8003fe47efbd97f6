package io.exportjobs.api.problem;

import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Thrown while reading a body (sent without Content-Length) once it passes the limit. */
public class BodyTooLargeException extends IOException {

  private final long limit;

  public BodyTooLargeException(long limit) {
    super("the request body is larger than " + limit + " bytes");
    this.limit = limit;
  }

  public ApiException problem() {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE,
        "payload_too_large",
        "Request body too large",
        "this call accepts at most " + limit + " bytes",
        null,
        Map.of());
  }
}
