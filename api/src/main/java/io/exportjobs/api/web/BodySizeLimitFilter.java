package io.exportjobs.api.web;

import io.exportjobs.api.problem.BodyTooLargeException;
import io.exportjobs.api.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized bodies with 413: by {@code Content-Length} before anything reads them, and, for
 * bodies sent without one, by counting while they are read. Ledger appends (up to 10,000 entries)
 * get a larger limit than every other call.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long ledgerLimit;
  private final long defaultLimit;
  private final ProblemWriter problems;

  BodySizeLimitFilter(
      @Value("${exportjobs.api.max-ledger-body:64MB}") DataSize ledgerLimit,
      @Value("${exportjobs.api.max-body:1MB}") DataSize defaultLimit,
      ProblemWriter problems) {
    this.ledgerLimit = ledgerLimit.toBytes();
    this.defaultLimit = defaultLimit.toBytes();
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = request.getRequestURI().startsWith("/api/v1/ledger/") ? ledgerLimit : defaultLimit;
    long length = request.getContentLengthLong();
    if (length > limit) {
      problems.write(response, new BodyTooLargeException(limit).problem());
      return;
    }
    chain.doFilter(length >= 0 ? request : new LimitedRequest(request, limit), response);
  }

  /** A request whose body stream fails once more than {@code limit} bytes were read. */
  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    LimitedStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
