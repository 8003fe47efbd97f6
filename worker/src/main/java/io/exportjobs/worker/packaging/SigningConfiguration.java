package io.exportjobs.worker.packaging;

import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.shared.signing.SigningProperties;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker signs packs: its keyring generates a key on first start if none is configured. */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

  @Bean
  SigningKeys signingKeys(
      SigningProperties properties, @Value("${exportjobs.data-dir:./.data}") String dataDir) {
    return SigningKeys.forSigning(properties, Path.of(dataDir));
  }
}
