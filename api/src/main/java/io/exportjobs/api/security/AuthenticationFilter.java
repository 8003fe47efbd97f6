package io.exportjobs.api.security;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.ProblemWriter;
import io.exportjobs.shared.tenant.TenantIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/v1} request by its {@code X-API-Key} or, when JWTs are
 * configured, its {@code Authorization: Bearer} token (one of the two, not both). The tenant and
 * scopes come from the credential. {@code X-Tenant-Id} naming another tenant is refused 403 unless
 * the caller holds {@code tenants:operate}; an operator then acts for that tenant with only their
 * {@code exports:read} and {@code exports:write} (never {@code exports:admin} or a ledger scope),
 * and {@link OperatorRoutes} keeps them to the exports and schedules routes. Decided here, before
 * any controller runs, so it holds on every route.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AuthenticationFilter extends OncePerRequestFilter {

  static final String CALLER_ATTRIBUTE = Caller.class.getName();

  /** What an operator keeps of their scopes when acting for another tenant. */
  static final Set<String> OPERATOR_SCOPES =
      Set.of(Scope.EXPORTS_READ, Scope.EXPORTS_WRITE, Scope.TENANTS_OPERATE);

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
    if (!caller.has(Scope.TENANTS_OPERATE)) {
      throw ApiException.forbidden(
          "X-Tenant-Id may name another tenant only with scope " + Scope.TENANTS_OPERATE);
    }
    if (!TenantIds.isValid(other)) {
      throw ApiException.invalid("X-Tenant-Id", "is not a valid tenant id");
    }
    Set<String> scopes =
        caller.scopes().stream().filter(OPERATOR_SCOPES::contains).collect(Collectors.toSet());
    return new Caller(caller.principal(), other, scopes, caller.tenant());
  }
}
