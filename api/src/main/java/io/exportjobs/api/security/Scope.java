package io.exportjobs.api.security;

/** The scopes of the contract. */
public final class Scope {

  public static final String EXPORTS_READ = "exports:read";
  public static final String EXPORTS_WRITE = "exports:write";
  public static final String EXPORTS_ADMIN = "exports:admin";
  public static final String LEDGER_READ = "ledger:read";
  public static final String LEDGER_WRITE = "ledger:write";

  private Scope() {}
}
