package io.exportjobs.api.signing;

import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.shared.signing.PublicSigningKey;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.shared.signing.SigningProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /signing-keys}: the public keys that verify packs, the active one first. Old keys stay
 * listed after a rotation, so packs signed with them still verify.
 */
@RestController
@OpenToOperators
@Tag(name = "signing-keys", description = "Public keys that verify evidence packs and snapshots")
class SigningKeyController {

  @Schema(name = "SigningKeyList")
  record Keys(List<PublicSigningKey> items) {}

  private final SigningKeys keys;

  SigningKeyController(SigningKeys keys) {
    this.keys = keys;
  }

  @GetMapping("/api/v1/signing-keys")
  @Operation(
      operationId = "listSigningKeys",
      summary = "Public keys (PEM) that verify evidence packs and snapshots")
  Keys list(Caller caller) {
    caller.require(Scope.EXPORTS_READ);
    return new Keys(keys.publicKeys());
  }

  @Configuration(proxyBeanMethods = false)
  static class SigningKeysConfiguration {

    /** The api only reads keys: the worker generates and rotates them. */
    @Bean
    SigningKeys signingKeys(
        SigningProperties properties, @Value("${exportjobs.data-dir:./.data}") String dataDir) {
      return SigningKeys.readOnly(properties, Path.of(dataDir));
    }
  }
}
