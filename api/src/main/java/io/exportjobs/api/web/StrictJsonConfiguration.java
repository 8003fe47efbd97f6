package io.exportjobs.api.web;

import java.time.Instant;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies mean what their JSON types say: a number or a boolean where the api takes a string
 * ({@code "resource": false}) is a 400, not the text {@code "false"}, as the OpenAPI document says.
 * (Strings where numbers belong are refused by {@code allow-coercion-of-scalars: false}.)
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

  /** Times as strings in RFC 3339 ({@link Rfc3339}), never epoch numbers. */
  @Bean
  JsonMapperBuilderCustomizer rfc3339Times() {
    return builder ->
        builder.addModule(
            new SimpleModule("rfc3339").addDeserializer(Instant.class, new InstantDeserializer()));
  }

  private static final class InstantDeserializer extends StdDeserializer<Instant> {

    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
      }
      String text = p.getString();
      try {
        return Rfc3339.parse(text);
      } catch (IllegalArgumentException e) {
        throw ctxt.weirdStringException(text, Instant.class, e.getMessage());
      }
    }
  }

  @Bean
  JsonMapperBuilderCustomizer noScalarToText() {
    return builder ->
        builder.withCoercionConfig(
            LogicalType.Textual,
            config ->
                config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }

  /**
   * No fraction where a whole number belongs: {@code "startSeq": 2.5e-42} is refused, not cut to 0
   * (Jackson's default truncates a float into an integer field).
   */
  @Bean
  JsonMapperBuilderCustomizer noFloatToInteger() {
    return builder ->
        builder.withCoercionConfig(
            LogicalType.Integer,
            config -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
  }
}
