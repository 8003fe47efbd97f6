package io.exportjobs.api.openapi;

import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Small edits of one component schema of the document that reflection cannot know: which properties
 * are always present, which may be null, enums, formats and patterns (OpenAPI 3.1, so JSON Schema
 * 2020-12: a nullable value is {@code type: [..., "null"]}, a nullable reference an {@code anyOf}
 * with {@code null}).
 */
final class SchemaPatch {

  private final String name;
  private final Schema schema;

  private SchemaPatch(String name, Schema schema) {
    this.name = name;
    this.schema = schema;
  }

  static SchemaPatch of(Map<String, Schema> schemas, String name) {
    Schema schema = schemas.get(name);
    if (schema == null) {
      throw new IllegalStateException(
          "the document has no schema " + name + ": " + schemas.keySet());
    }
    return new SchemaPatch(name, schema);
  }

  /** Every property is in every answer (Jackson writes nulls too). */
  SchemaPatch allRequired() {
    schema.setRequired(new ArrayList<>(properties().keySet()));
    return this;
  }

  SchemaPatch required(String... names) {
    for (String n : names) {
      property(n);
    }
    schema.setRequired(new ArrayList<>(List.of(names)));
    return this;
  }

  SchemaPatch nullable(String... names) {
    for (String n : names) {
      properties().put(n, nullable(property(n)));
    }
    return this;
  }

  /** In a request body: every property the server treats as absent when it is null. */
  SchemaPatch optionalNullable() {
    Set<String> required =
        new LinkedHashSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
    for (String n : List.copyOf(properties().keySet())) {
      if (!required.contains(n)) {
        properties().put(n, nullable(property(n)));
      }
    }
    return this;
  }

  SchemaPatch set(String property, Schema replacement) {
    property(property);
    properties().put(property, replacement);
    return this;
  }

  SchemaPatch describe(String property, String description) {
    property(property).setDescription(description);
    return this;
  }

  SchemaPatch description(String description) {
    schema.setDescription(description);
    return this;
  }

  SchemaPatch example(Object example) {
    schema.setExample(example);
    return this;
  }

  /**
   * A JSON Schema condition on the whole value ({@code if}/{@code then}/{@code else}): rules
   * between properties that a property's own schema cannot state. Code generators ignore it.
   */
  SchemaPatch when(Schema condition, Schema then, Schema otherwise) {
    schema.setIf(condition);
    schema.setThen(then);
    schema.setElse(otherwise);
    return this;
  }

  SchemaPatch strictObject() {
    schema.setAdditionalProperties(Boolean.FALSE);
    return this;
  }

  /** {@code property} as a string from a fixed set. */
  SchemaPatch enumOf(String property, String... values) {
    return set(
        property,
        string()
            .description(property(property).getDescription())
            ._enum(new ArrayList<Object>(List.of(values))));
  }

  private Schema property(String n) {
    Schema p = properties().get(n);
    if (p == null) {
      throw new IllegalStateException(
          name + " has no property " + n + ": " + properties().keySet());
    }
    return p;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private Map<String, Schema> properties() {
    if (schema.getProperties() == null) {
      throw new IllegalStateException(name + " has no properties");
    }
    return (Map) schema.getProperties();
  }

  // ---- schema builders ------------------------------------------------------------------------

  static Schema<Object> string() {
    return new JsonSchema().types(new LinkedHashSet<>(List.of("string")));
  }

  static Schema<Object> integer(String format) {
    return new JsonSchema().types(new LinkedHashSet<>(List.of("integer"))).format(format);
  }

  static Schema<Object> ref(String schemaName) {
    return new JsonSchema().$ref("#/components/schemas/" + schemaName);
  }

  static Schema<Object> array(Schema items) {
    return new JsonSchema().types(new LinkedHashSet<>(List.of("array"))).items(items);
  }

  static Schema<Object> object() {
    return new JsonSchema().types(new LinkedHashSet<>(List.of("object")));
  }

  /** An object whose listed properties must be present and hold the given schemas. */
  static Schema<Object> having(Map<String, Schema> properties) {
    Schema<Object> s = where(properties);
    s.setRequired(new ArrayList<>(new TreeMap<>(properties).keySet()));
    return s;
  }

  /** An object whose listed properties, where present, hold the given schemas. */
  static Schema<Object> where(Map<String, Schema> properties) {
    Schema<Object> s = new JsonSchema();
    new TreeMap<>(properties).forEach(s::addProperty); // the same document on every start
    return s;
  }

  /** Exactly {@code value}. */
  static Schema<Object> constant(Object value) {
    Schema<Object> s = new JsonSchema();
    s.setConst(value);
    return s;
  }

  /** One of {@code values} ({@code null} among them for an absent-or-null value). */
  static Schema<Object> oneOfValues(Object... values) {
    return new JsonSchema()._enum(new ArrayList<>(Arrays.asList(values)));
  }

  /** Only null (in a request body: the property is absent or null). */
  static Schema<Object> nullOnly() {
    return new JsonSchema().types(new LinkedHashSet<>(List.of("null")));
  }

  static Schema<Object> anyOf(Schema... alternatives) {
    return new JsonSchema().anyOf(new ArrayList<>(Arrays.asList(alternatives)));
  }

  static Schema<Object> enumString(String... values) {
    return string()._enum(new ArrayList<Object>(Arrays.asList(values)));
  }

  /**
   * An ISO 8601 duration as {@code java.time.Duration} reads it: days and smaller units ({@code
   * P30D}, {@code PT1H30M}, {@code P1DT12H}); no years, months or weeks.
   */
  static Schema<Object> duration(String example) {
    return string()
        .format("duration")
        .pattern(ApiDocs.DURATION_PATTERN)
        .maxLength(40)
        .example(example);
  }

  /**
   * A duration the api takes only above zero: {@link #duration} but not {@code PT0S}, {@code P0D}
   * and the like (the api refuses a zero retention or window as not positive).
   */
  static Schema<Object> positiveDuration(String example) {
    // typed: a bare pattern holds for null too, and `not` would then refuse a nullable null
    Schema<Object> zero = string().pattern(ApiDocs.ZERO_DURATION_PATTERN);
    return duration(example).not(zero);
  }

  static Schema<Object> dateTime() {
    return string().format("date-time");
  }

  /** A time the api reads: RFC 3339 as {@code java.time} holds it. */
  static Schema<Object> dateTimeInput(String example) {
    return dateTime().pattern(ApiDocs.DATE_TIME_PATTERN).example(example);
  }

  /** The same value, or null. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Schema nullable(Schema s) {
    if (s.get$ref() != null
        || s.getAllOf() != null
        || s.getAnyOf() != null
        || s.getOneOf() != null) {
      if (s.getAnyOf() != null
          && ((List<Schema>) s.getAnyOf()).stream().anyMatch(SchemaPatch::isNull)) {
        return s;
      }
      JsonSchema either = new JsonSchema();
      either.setDescription(s.getDescription());
      s.setDescription(null);
      either.setAnyOf(
          new ArrayList<>(
              List.of(s, new JsonSchema().types(new LinkedHashSet<>(List.of("null"))))));
      return either;
    }
    Set<String> types = new LinkedHashSet<>();
    if (s.getTypes() != null) {
      types.addAll(s.getTypes());
    }
    if (s.getType() != null) {
      types.add(s.getType());
    }
    types.add("null");
    s.setTypes(types);
    s.setType(null);
    if (s.getEnum() != null && !s.getEnum().contains(null)) {
      List values = new ArrayList(s.getEnum());
      values.add(null);
      s.setEnum(values);
    }
    return s;
  }

  private static boolean isNull(Schema s) {
    return s.getTypes() != null && s.getTypes().equals(Set.of("null"));
  }
}
