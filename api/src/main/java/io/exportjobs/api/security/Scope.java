package io.exportjobs.api.security;

/** The scopes of the contract. */
public final class Scope {

  public static final String EXPORTS_READ = "exports:read";
  public static final String EXPORTS_WRITE = "exports:write";
  public static final String EXPORTS_ADMIN = "exports:admin";
  public static final String LEDGER_READ = "ledger:read";
  public static final String LEDGER_WRITE = "ledger:write";

  /**
   * The platform operator's scope, held by no tenant's key: only it lets {@code X-Tenant-Id} name
   * another tenant, and then only to read and act on that tenant's exports and schedules.
   */
  public static final String TENANTS_OPERATE = "tenants:operate";

  private Scope() {}
}
