package io.exportjobs.api.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.security.api-keys}: keys are configured by their SHA-256 (hex), never in the
 * clear. {@code dev-api-keys} holds the contract's dev keys (application-dev.yaml,
 * application-test.yaml) apart from them, so that keys configured by environment variables ({@code
 * EXPORTJOBS_SECURITY_APIKEYS_0_*}, which replace the whole {@code api-keys} list) add to the dev
 * keys instead of removing them; dev keys count only in the dev and test profiles.
 */
@ConfigurationProperties("exportjobs.security")
public record ApiKeyProperties(List<ApiKey> apiKeys, List<ApiKey> devApiKeys) {

  public ApiKeyProperties {
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    devApiKeys = devApiKeys == null ? List.of() : List.copyOf(devApiKeys);
  }

  public record ApiKey(String name, String sha256, String tenant, Set<String> scopes) {}
}
