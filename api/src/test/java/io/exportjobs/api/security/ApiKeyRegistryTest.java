package io.exportjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ApiKeyRegistryTest {

  static final ApiKeyProperties.ApiKey OPERATOR =
      new ApiKeyProperties.ApiKey(
          "operator", ApiKeyRegistry.hash("operator-secret"), "demo", Set.of("exports:read"));
  static final ApiKeyProperties.ApiKey DEV_WRITER =
      new ApiKeyProperties.ApiKey(
          "dev-demo-writer",
          ApiKeyRegistry.hash("dev-demo-writer"),
          "demo",
          Set.of("exports:write"));

  static ApiKeyRegistry registry(String profile, List<ApiKeyProperties.ApiKey> apiKeys) {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles(profile);
    return new ApiKeyRegistry(new ApiKeyProperties(apiKeys, List.of(DEV_WRITER)), env);
  }

  @Test
  void inTheDevProfileConfiguredKeysAddToTheDevKeys() {
    // as with EXPORTJOBS_SECURITY_APIKEYS_0_*, which replace the api-keys list as a whole
    ApiKeyRegistry keys = registry("dev", List.of(OPERATOR));
    assertThat(keys.find("operator-secret")).contains(OPERATOR);
    assertThat(keys.find("dev-demo-writer")).contains(DEV_WRITER);
  }

  @Test
  void outsideDevAndTestTheDevKeysCountNowhere() {
    ApiKeyRegistry keys = registry("prod", List.of(OPERATOR, DEV_WRITER));
    assertThat(keys.find("operator-secret")).contains(OPERATOR);
    assertThat(keys.find("dev-demo-writer")).isEmpty();
  }
}
