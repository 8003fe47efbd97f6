package io.exportjobs.api.security;

import io.exportjobs.api.problem.ApiException;
import java.util.Set;

/**
 * Who is calling: the principal, the tenant they act for (their own, or another one that an {@code
 * exports:admin} caller named in {@code X-Tenant-Id}), and their scopes. Comes from the credential
 * only.
 */
public record Caller(String principal, String tenant, Set<String> scopes) {

  public Caller {
    scopes = Set.copyOf(scopes);
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
}
