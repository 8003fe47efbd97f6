package io.exportjobs.api.web;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a {@code Content-Type} that no route of this api can take, on every route and before
 * anything tries to read the body: one that does not parse (400), a multipart one (415: no call
 * takes multipart, and parsing one without a boundary failed deep in the servlet stack), or one
 * whose charset this JVM does not know (415). Any other type is left to the route, which answers
 * 415 if it takes a body of another type and ignores it if it takes none. Runs after
 * authentication, so an unauthenticated caller learns nothing but 401.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class ContentTypeFilter extends OncePerRequestFilter {

  private final ProblemWriter problems;

  ContentTypeFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Content-Type");
    if (header != null) {
      ApiException refused = check(header);
      if (refused != null) {
        problems.write(response, refused);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  static ApiException check(String header) {
    MediaType type;
    try {
      type = MediaType.parseMediaType(header);
    } catch (InvalidMediaTypeException e) {
      return ApiException.invalid("Content-Type", "is not a valid media type");
    }
    if (type.isWildcardType() || type.isWildcardSubtype()) {
      return unsupported("Content-Type must name a media type, not a pattern");
    }
    if ("multipart".equalsIgnoreCase(type.getType())) {
      return unsupported("this api takes no multipart bodies; send application/json");
    }
    return null;
  }

  private static ApiException unsupported(String detail) {
    return new ApiException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Unsupported media type",
        detail,
        null,
        null);
  }
}
