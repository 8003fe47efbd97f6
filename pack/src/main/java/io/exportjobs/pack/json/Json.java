package io.exportjobs.pack.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The one Jackson 2 mapper that the ledger, the job index and the artifact writers share, so that
 * every byte we hash or write comes from the same configuration (ISO-8601 instants, no
 * timestamps-as-numbers).
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP =
      new TypeReference<>() {};

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON for " + type.getSimpleName(), e);
    }
  }

  public static Map<String, Object> readObject(String json) {
    try {
      return json == null ? Map.of() : MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON object", e);
    }
  }

  public static List<String> readStrings(String json) {
    try {
      return json == null ? List.of() : MAPPER.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON array", e);
    }
  }

  public static Map<String, String> readStringMap(String json) {
    try {
      return json == null ? Map.of() : MAPPER.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON object", e);
    }
  }

  /** RFC 8785 (JCS) canonical form of {@code value}, as UTF-8 bytes. */
  public static byte[] canonical(Object value) {
    try {
      return new JsonCanonicalizer(MAPPER.writeValueAsBytes(value)).getEncodedUTF8();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot canonicalise JSON", e);
    }
  }

  public static String canonicalString(Object value) {
    return new String(canonical(value), StandardCharsets.UTF_8);
  }
}
