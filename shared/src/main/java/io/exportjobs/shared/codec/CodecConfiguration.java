package io.exportjobs.shared.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With {@code exportjobs.temporal.codec.enabled=true}, the api's client and the worker both use a
 * {@link CodecDataConverter} over the default converter with {@link AesGcmPayloadCodec}. The
 * Temporal Spring Boot starter takes a single {@link DataConverter} bean (or the one named {@code
 * mainDataConverter}) for its client and workers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CodecProperties.class)
public class CodecConfiguration {

  @Bean
  @Conditional(CodecConfiguration.Enabled.class)
  AesGcmPayloadCodec payloadCodec(CodecProperties properties) {
    return properties.codec();
  }

  @Bean(name = "mainDataConverter")
  @Conditional(CodecConfiguration.Enabled.class)
  DataConverter mainDataConverter(AesGcmPayloadCodec codec, CodecProperties properties) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(),
        List.of(codec),
        properties.encodeFailureAttributes());
  }

  /** {@code exportjobs.temporal.codec.enabled=true} (shared has no Boot auto-configure). */
  static final class Enabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return context
          .getEnvironment()
          .getProperty("exportjobs.temporal.codec.enabled", Boolean.class, false);
    }
  }
}
