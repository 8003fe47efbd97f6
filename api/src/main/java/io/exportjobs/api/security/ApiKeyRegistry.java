package io.exportjobs.api.security;

import io.exportjobs.pack.json.Digests;
import io.exportjobs.shared.tenant.TenantIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Looks up callers by the SHA-256 of their API key. The well-known dev keys of the contract are
 * refused unless the {@code dev} or {@code test} profile is active, whatever the configuration; in
 * those profiles the configured keys and the dev keys ({@code dev-api-keys}) both count. A key
 * whose tenant is not a valid tenant id, or whose name would read as the service ({@code system})
 * or as an operator ({@code operator:…}) in the ledger's {@code actor}, fails the start.
 */
@Component
public class ApiKeyRegistry {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);
  static final Set<String> DEV_KEYS =
      Set.of(
          "dev-demo-admin", "dev-demo-writer", "dev-demo-reader", "dev-acme-admin", "dev-operator");

  private final Map<String, ApiKeyProperties.ApiKey> byHash = new HashMap<>();

  public ApiKeyRegistry(ApiKeyProperties properties, Environment environment) {
    boolean devAllowed =
        Arrays.stream(environment.getActiveProfiles())
            .anyMatch(p -> p.equals("dev") || p.equals("test"));
    Set<String> devHashes =
        DEV_KEYS.stream().map(ApiKeyRegistry::hash).collect(Collectors.toUnmodifiableSet());
    List<ApiKeyProperties.ApiKey> keys = new ArrayList<>();
    for (int i = 0; i < properties.apiKeys().size(); i++) {
      check(properties.apiKeys().get(i), "exportjobs.security.api-keys[" + i + "]");
      keys.add(properties.apiKeys().get(i));
    }
    if (devAllowed) {
      for (int i = 0; i < properties.devApiKeys().size(); i++) {
        check(properties.devApiKeys().get(i), "exportjobs.security.dev-api-keys[" + i + "]");
        keys.add(properties.devApiKeys().get(i));
      }
    } else if (!properties.devApiKeys().isEmpty()) {
      log.warn("ignoring exportjobs.security.dev-api-keys outside the dev and test profiles");
    }
    for (ApiKeyProperties.ApiKey key : keys) {
      String hash = key.sha256() == null ? "" : key.sha256().toLowerCase(Locale.ROOT);
      if (!devAllowed && devHashes.contains(hash)) {
        log.warn("refusing dev API key '{}' outside the dev and test profiles", key.name());
        continue;
      }
      byHash.put(hash, key);
    }
  }

  private static void check(ApiKeyProperties.ApiKey key, String where) {
    TenantIds.requireValid(key.tenant(), where + ".tenant");
    if (key.name() == null || key.name().isBlank()) {
      throw new IllegalArgumentException(where + ".name is required");
    }
    if (reservedActor(key.name())) {
      throw new IllegalArgumentException(
          where
              + ".name: '"
              + key.name()
              + "' is reserved: the ledger names the service 'system' and operators 'operator:…'");
    }
  }

  /** Names that the ledger's {@code actor} reserves for the service and for operators. */
  static boolean reservedActor(String name) {
    return name.equals("system") || name.startsWith(Caller.OPERATOR_ACTOR_PREFIX);
  }

  public Optional<ApiKeyProperties.ApiKey> find(String presentedKey) {
    String presented = hash(presentedKey);
    // constant-time comparison over every configured hash, so timing tells nothing
    ApiKeyProperties.ApiKey match = null;
    for (Map.Entry<String, ApiKeyProperties.ApiKey> e : byHash.entrySet()) {
      if (MessageDigest.isEqual(
          e.getKey().getBytes(StandardCharsets.US_ASCII),
          presented.getBytes(StandardCharsets.US_ASCII))) {
        match = e.getValue();
      }
    }
    return Optional.ofNullable(match);
  }

  static String hash(String key) {
    return Digests.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
  }
}
