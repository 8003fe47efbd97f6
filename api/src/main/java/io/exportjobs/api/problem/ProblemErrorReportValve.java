package io.exportjobs.api.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error page, for requests it refuses before the application sees them (a request line
 * or header that does not parse, an oversized header, a URL with bad %-encoding): problem JSON with
 * a code, like every other error, instead of Tomcat's HTML.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatus resolved = HttpStatus.resolve(status);
    String code = ProblemHandler.codeFor(resolved != null ? resolved : HttpStatus.valueOf(500));
    String title = resolved != null ? resolved.getReasonPhrase() : "Error";
    String detail = status < 500 ? "the request was rejected by the server" : "the request failed";
    String body =
        "{\"type\":\"urn:exportjobs:problem:"
            + code
            + "\",\"title\":\""
            + title
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + detail
            + "\",\"code\":\""
            + code
            + "\"}";
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response is committed: nothing more to say
    }
  }
}
