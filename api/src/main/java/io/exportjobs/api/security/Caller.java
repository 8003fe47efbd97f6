package io.exportjobs.api.security;

import io.exportjobs.api.problem.ApiException;
import java.util.Set;

/**
 * Who is calling: the principal, the tenant they act for, their scopes, and their own tenant. The
 * two tenants differ only for a platform operator ({@code tenants:operate}) who named another
 * tenant in {@code X-Tenant-Id}. Comes from the credential only.
 *
 * @param principal the API key's name or the JWT's principal claim
 * @param tenant the tenant whose exports, schedules and ledger this request reads and changes
 * @param scopes what the caller may do here (for an operator acting for another tenant, only {@code
 *     exports:read}, {@code exports:write} and {@code tenants:operate} of theirs)
 * @param homeTenant the tenant of the credential
 */
public record Caller(String principal, String tenant, Set<String> scopes, String homeTenant) {

  /** Prefix of the ledger {@code actor} of an operator acting for another tenant. */
  public static final String OPERATOR_ACTOR_PREFIX = "operator:";

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  /** A caller in their own tenant. */
  public Caller(String principal, String tenant, Set<String> scopes) {
    this(principal, tenant, scopes, tenant);
  }

  public Caller require(String scope) {
    if (!scopes.contains(scope)) {
      throw ApiException.forbidden("this call needs scope " + scope);
    }
    return this;
  }

  public boolean has(String scope) {
    return scopes.contains(scope);
  }

  /** An operator acting through {@code X-Tenant-Id} for a tenant that is not their own. */
  public boolean actsForAnotherTenant() {
    return !tenant.equals(homeTenant);
  }

  /**
   * The {@code actor} of the ledger entries this caller's actions append: the principal, or {@code
   * operator:<principal>} for an operator acting for another tenant, so that the tenant's ledger
   * says who acted and in which role.
   */
  public String actor() {
    return actsForAnotherTenant() ? OPERATOR_ACTOR_PREFIX + principal : principal;
  }
}
