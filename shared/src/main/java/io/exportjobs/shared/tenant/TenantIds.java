package io.exportjobs.shared.tenant;

import java.util.regex.Pattern;

/**
 * Tenant ids of the contract: {@code [a-z0-9][a-z0-9_]{0,62}}, never a {@code -}. Every name built
 * from a tenant and another id (job ids {@code exp-<tenant>-…}, Temporal schedule ids {@code
 * export-schedule-<tenant>-<id>}, storage keys) is then unambiguous: the tenant ends at the first
 * {@code -} after the prefix, so {@code acme} + {@code eu-x} and {@code acme_eu} + {@code x} can
 * never meet. API keys, JWT claims, policy tenants and {@code X-Tenant-Id} are all checked here.
 */
public final class TenantIds {

  public static final String SYNTAX = "[a-z0-9][a-z0-9_]{0,62}";
  private static final Pattern PATTERN = Pattern.compile(SYNTAX);

  private TenantIds() {}

  public static boolean isValid(String tenant) {
    return tenant != null && PATTERN.matcher(tenant).matches();
  }

  /**
   * The tenant id, or an {@link IllegalArgumentException} that names where it was configured (a
   * configuration that holds one fails the start with this message).
   */
  public static String requireValid(String tenant, String where) {
    if (!isValid(tenant)) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + clip(tenant)
              + "' is not a valid tenant id; tenant ids match "
              + SYNTAX
              + " (lower-case letters, digits and '_', no '-')");
    }
    return tenant;
  }

  private static String clip(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
