package io.exportjobs.worker.packaging;

import io.exportjobs.shared.ledger.LedgerCheckpoints;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.shared.signing.SigningProperties;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker signs packs and their checkpoints: its keyring generates a key on first start if none
 * is configured.
 */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

  @Bean
  SigningKeys signingKeys(
      SigningProperties properties, @Value("${exportjobs.data-dir:./.data}") String dataDir) {
    return SigningKeys.forSigning(properties, Path.of(dataDir));
  }

  /** Packs carry a checkpoint of the tenant's tree, signed with the same keyring. */
  @Bean
  LedgerCheckpoints ledgerCheckpoints(
      LedgerStore ledger,
      SigningKeys keys,
      @Value("${exportjobs.ledger.origin-prefix:" + LedgerCheckpoints.DEFAULT_ORIGIN_PREFIX + "}")
          String originPrefix) {
    return new LedgerCheckpoints(ledger.tree(), keys, originPrefix);
  }
}
