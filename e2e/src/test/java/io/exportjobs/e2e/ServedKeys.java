package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.verify.PublicKeys;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** The signing keys as a user gets them: {@code GET /signing-keys}, PEM, each under its key id. */
final class ServedKeys {

  private ServedKeys() {}

  static PublicKeys of(Http http) {
    JsonNode items = http.get("/signing-keys").json().get("items");
    assertThat(items).isNotEmpty();
    Map<String, PublicKey> byId = new LinkedHashMap<>();
    items.forEach(
        k ->
            byId.put(
                k.get("keyId").asText(),
                Ed25519Keys.parsePublicKeys(k.get("publicKeyPem").asText()).get(0)));
    return PublicKeys.byId(byId);
  }
}
