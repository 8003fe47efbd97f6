package io.exportjobs.api.signing;

import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.signing.PublicSigningKey;
import io.exportjobs.shared.ledger.LedgerCheckpoints;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.shared.signing.SigningProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /signing-keys}: the public keys that verify packs and the ledger's checkpoints, the
 * active one first. Old keys stay listed after a rotation, so what they signed still verifies.
 */
@RestController
@OpenToOperators
@Tag(name = "signing-keys", description = "Public keys that verify evidence packs and snapshots")
class SigningKeyController {

  /**
   * A {@link PublicSigningKey} and, as {@code noteVerifierKey}, the same key in sumdb/note's
   * verifier format under the name of the caller's tenant's checkpoints (their origin).
   */
  @Schema(name = "PublicSigningKey")
  record Key(
      String keyId,
      String algorithm,
      String publicKeyPem,
      boolean active,
      String noteVerifierKey) {}

  @Schema(name = "SigningKeyList")
  record Keys(List<Key> items) {}

  private final SigningKeys keys;
  private final LedgerCheckpoints checkpoints;

  SigningKeyController(SigningKeys keys, LedgerCheckpoints checkpoints) {
    this.keys = keys;
    this.checkpoints = checkpoints;
  }

  @GetMapping("/api/v1/signing-keys")
  @Operation(
      operationId = "listSigningKeys",
      summary = "Public keys (PEM, and note verifier keys) that verify packs and checkpoints")
  Keys list(Caller caller) {
    caller.require(Scope.EXPORTS_READ);
    List<Key> items = new ArrayList<>();
    for (PublicSigningKey k : keys.publicKeys()) {
      PublicKey key = Ed25519Keys.parsePublicKeys(k.publicKeyPem()).get(0);
      items.add(
          new Key(
              k.keyId(),
              k.algorithm(),
              k.publicKeyPem(),
              k.active(),
              checkpoints.noteKey(caller.tenant(), key).verifierKey()));
    }
    return new Keys(items);
  }

  @Configuration(proxyBeanMethods = false)
  static class SigningKeysConfiguration {

    /**
     * The api signs the ledger's checkpoints, so it holds the signing keyring too (the worker signs
     * packs with the same keys): whichever starts first on an empty keys directory generates the
     * key, both agree on it through the directory's lock.
     */
    @Bean
    SigningKeys signingKeys(
        SigningProperties properties, @Value("${exportjobs.data-dir:./.data}") String dataDir) {
      return SigningKeys.forSigning(properties, Path.of(dataDir));
    }
  }
}
