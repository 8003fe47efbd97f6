package io.exportjobs.shared.config;

import io.exportjobs.shared.admission.AdmissionStore;
import io.exportjobs.shared.artifact.ArtifactProperties;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.codec.CodecConfiguration;
import io.exportjobs.shared.export.JobQueries;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.PolicyFile;
import io.exportjobs.shared.policy.PolicyProperties;
import io.exportjobs.shared.signing.SigningProperties;
import io.exportjobs.shared.tenant.TenantLocks;
import io.exportjobs.shared.webhook.WebhookDeliveryStore;
import io.exportjobs.shared.webhook.WebhookSubscriptionStore;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stores and the policy that the api and the worker both use. Imported by each application; it
 * defines beans only and starts nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  PolicyProperties.class,
  ArtifactProperties.class,
  SigningProperties.class
})
@Import(CodecConfiguration.class)
public class SharedConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
    return new TransactionTemplate(transactionManager);
  }

  @Bean
  LedgerStore ledgerStore(
      JdbcClient jdbcClient, JdbcTemplate jdbcTemplate, TransactionTemplate tx, Clock clock) {
    return new LedgerStore(jdbcClient, jdbcTemplate, tx, clock);
  }

  @Bean
  JobStore jobStore(JdbcClient jdbcClient, TransactionTemplate tx, Clock clock) {
    return new JobStore(jdbcClient, tx, clock);
  }

  @Bean
  JobQueries jobQueries(JdbcClient jdbcClient) {
    return new JobQueries(jdbcClient);
  }

  @Bean
  TenantLocks tenantLocks(JdbcClient jdbcClient, TransactionTemplate tx) {
    return new TenantLocks(jdbcClient, tx);
  }

  /**
   * The configured policy, with the runtime policy file {@code exportjobs.policy.file} (if set)
   * layered over it and re-read whenever it changes.
   */
  @Bean
  WebhookSubscriptionStore webhookSubscriptionStore(JdbcClient jdbcClient) {
    return new WebhookSubscriptionStore(jdbcClient);
  }

  @Bean
  WebhookDeliveryStore webhookDeliveryStore(JdbcClient jdbcClient) {
    return new WebhookDeliveryStore(jdbcClient);
  }

  @Bean
  AdmissionStore admissionStore(JdbcClient jdbcClient, TenantLocks locks, Clock clock) {
    return new AdmissionStore(jdbcClient, locks, clock);
  }

  @Bean
  PolicyEvaluator policyEvaluator(
      PolicyProperties properties, @Value("${exportjobs.policy.file:}") String policyFile) {
    return new PolicyEvaluator(
        properties, policyFile.isBlank() ? null : new PolicyFile(Path.of(policyFile)));
  }

  @Bean
  ArtifactStores artifactStores(
      ArtifactProperties properties, @Value("${exportjobs.data-dir:./.data}") String dataDir) {
    return ArtifactStores.from(properties, Path.of(dataDir));
  }
}
