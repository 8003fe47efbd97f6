package io.exportjobs.api.security;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/v1} request by its {@code X-API-Key} or, when JWTs are
 * configured, its {@code Authorization: Bearer} token (one of the two, not both). The tenant and
 * scopes come from the credential; {@code X-Tenant-Id} switches tenant only for an {@code
 * exports:admin} caller, on every route, since it is decided here before any controller runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AuthenticationFilter extends OncePerRequestFilter {

  static final String CALLER_ATTRIBUTE = Caller.class.getName();
  static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final ApiKeyRegistry keys;
  private final BearerTokenAuthenticator bearerTokens;
  private final ProblemWriter problems;

  AuthenticationFilter(
      ApiKeyRegistry keys, BearerTokenAuthenticator bearerTokens, ProblemWriter problems) {
    this.keys = keys;
    this.bearerTokens = bearerTokens;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      request.setAttribute(CALLER_ATTRIBUTE, authenticate(request));
    } catch (ApiException e) {
      problems.write(response, e);
      return;
    }
    chain.doFilter(request, response);
  }

  private Caller authenticate(HttpServletRequest request) {
    String presented = request.getHeader("X-API-Key");
    String authorization = request.getHeader("Authorization");
    Caller caller;
    if (authorization != null && !authorization.isBlank()) {
      if (presented != null) {
        throw ApiException.unauthenticated(
            "send one credential: an API key in X-API-Key or a bearer token, not both");
      }
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw BearerTokenAuthenticator.unauthenticated(
            "the Authorization header must be 'Bearer <token>'");
      }
      caller = bearerTokens.authenticate(authorization.substring(7).trim());
    } else {
      caller = byApiKey(presented);
    }
    return withTenantSwitch(request, caller);
  }

  private Caller byApiKey(String presented) {
    if (presented == null || presented.isBlank()) {
      throw ApiException.unauthenticated(
          bearerTokens.enabled()
              ? "send an API key in X-API-Key or a bearer token in Authorization"
              : "send an API key in the X-API-Key header");
    }
    Optional<ApiKeyProperties.ApiKey> key =
        presented.length() > 512 ? Optional.empty() : keys.find(presented);
    if (key.isEmpty()) {
      throw ApiException.unauthenticated("the API key is not valid");
    }
    return new Caller(key.get().name(), key.get().tenant(), key.get().scopes());
  }

  private static Caller withTenantSwitch(HttpServletRequest request, Caller caller) {
    String other = request.getHeader("X-Tenant-Id");
    if (other == null || other.equals(caller.tenant())) {
      return caller;
    }
    if (!caller.has(Scope.EXPORTS_ADMIN)) {
      throw ApiException.forbidden("X-Tenant-Id needs scope " + Scope.EXPORTS_ADMIN);
    }
    if (!TENANT.matcher(other).matches()) {
      throw ApiException.invalid("X-Tenant-Id", "is not a valid tenant name");
    }
    return new Caller(caller.principal(), other, caller.scopes());
  }
}
