package io.exportjobs.api.web;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized bodies with 413 before anything reads them. Ledger appends (up to 10,000
 * entries) get a larger limit than every other call.
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
      problems.write(
          response,
          new ApiException(
              HttpStatus.CONTENT_TOO_LARGE,
              "payload_too_large",
              "Request body too large",
              "the body has " + length + " bytes; this call accepts at most " + limit,
              null,
              Map.of()));
      return;
    }
    chain.doFilter(request, response);
  }
}
