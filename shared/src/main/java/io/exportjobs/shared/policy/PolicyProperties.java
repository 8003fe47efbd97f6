package io.exportjobs.shared.policy;

import io.exportjobs.shared.tenant.TenantIds;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.policy.defaults} and {@code exportjobs.policy.tenants.<tenant>}. The runtime
 * policy file ({@code exportjobs.policy.file}, see {@link PolicyFile}) has the same shape. A tenant
 * that is not a valid tenant id ({@link TenantIds}) is refused: the configuration fails the start,
 * a policy file with one is not loaded.
 */
@ConfigurationProperties("exportjobs.policy")
public record PolicyProperties(ExportPolicy defaults, Map<String, ExportPolicy> tenants) {

  public PolicyProperties {
    if (tenants == null) {
      tenants = Map.of();
    } else {
      Map<String, ExportPolicy> copy = new HashMap<>(tenants);
      copy.values().removeIf(java.util.Objects::isNull);
      copy.keySet().forEach(t -> TenantIds.requireValid(t, "exportjobs.policy.tenants"));
      tenants = Map.copyOf(copy);
    }
  }

  public ExportPolicy effectiveFor(String tenant) {
    return layered(this, null, tenant);
  }

  /**
   * The tenant's policy from two layers, {@code layer} (the policy file; may be null) over {@code
   * base} (the configuration): the more specific level wins first, then the layer, so the order is
   * layer tenant, base tenant, layer defaults, base defaults, built-in defaults.
   */
  public static ExportPolicy layered(PolicyProperties base, PolicyProperties layer, String tenant) {
    ExportPolicy policy = ExportPolicy.builtIn();
    if (base.defaults() != null) {
      policy = base.defaults().over(policy);
    }
    if (layer != null && layer.defaults() != null) {
      policy = layer.defaults().over(policy);
    }
    ExportPolicy baseTenant = base.tenants().get(tenant);
    if (baseTenant != null) {
      policy = baseTenant.over(policy);
    }
    ExportPolicy layerTenant = layer == null ? null : layer.tenants().get(tenant);
    if (layerTenant != null) {
      policy = layerTenant.over(policy);
    }
    return policy;
  }
}
