package io.exportjobs.api.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Function;
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
   * A whole number where one belongs, as JSON Schema's {@code integer} means it: {@code 11979},
   * {@code 11979.0} and {@code 1.1979e4} are the same number and all read as 11979, while {@code
   * "startSeq": 2.5e-42} is refused, not cut to 0 (Jackson's default truncates a float into an
   * integer field), and so is a whole number outside the field's range.
   */
  @Bean
  JsonMapperBuilderCustomizer wholeNumbers() {
    return builder ->
        builder.addModule(
            new SimpleModule("whole-numbers")
                .addDeserializer(
                    Long.class, new WholeNumber<>(Long.class, BigDecimal::longValueExact))
                .addDeserializer(
                    Integer.class, new WholeNumber<>(Integer.class, BigDecimal::intValueExact)));
  }

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private static final class WholeNumber<T> extends StdDeserializer<T> {

    private final Class<T> type;
    private final Function<BigDecimal, T> exact;

    WholeNumber(Class<T> type, Function<BigDecimal, T> exact) {
      super(type);
      this.type = type;
      this.exact = exact;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        @SuppressWarnings("unchecked")
        T unexpected = (T) ctxt.handleUnexpectedToken(type, p);
        return unexpected;
      }
      BigDecimal value = p.getDecimalValue();
      if (value.abs().compareTo(LONG_MAX) > 0) { // before setScale: 1e999999999 stays cheap
        throw ctxt.weirdNumberException(value, type, "not a whole number in range");
      }
      try {
        // exact: a fraction or a value out of range throws
        return exact.apply(value.stripTrailingZeros().setScale(0));
      } catch (ArithmeticException e) {
        throw ctxt.weirdNumberException(value, type, "not a whole number in range");
      }
    }
  }
}
