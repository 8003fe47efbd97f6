package io.exportjobs.shared.policy;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code exportjobs.policy.defaults} and {@code exportjobs.policy.tenants.<tenant>}. */
@ConfigurationProperties("exportjobs.policy")
public record PolicyProperties(ExportPolicy defaults, Map<String, ExportPolicy> tenants) {

  public PolicyProperties {
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
  }

  public ExportPolicy effectiveFor(String tenant) {
    ExportPolicy base =
        defaults == null ? ExportPolicy.builtIn() : defaults.over(ExportPolicy.builtIn());
    ExportPolicy override = tenants.get(tenant);
    return override == null ? base : override.over(base);
  }
}
