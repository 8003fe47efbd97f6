package io.exportjobs.api.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.security.api-keys}: keys are configured by their SHA-256 (hex), never in the
 * clear.
 */
@ConfigurationProperties("exportjobs.security")
public record ApiKeyProperties(List<ApiKey> apiKeys) {

  public ApiKeyProperties {
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
  }

  public record ApiKey(String name, String sha256, String tenant, Set<String> scopes) {}
}
