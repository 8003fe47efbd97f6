package io.exportjobs.worker.webhook;

import io.exportjobs.shared.webhook.ReceiverPolicy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

  @Bean
  ReceiverPolicy receiverPolicy(Environment environment) {
    return ReceiverPolicy.from(environment);
  }
}
