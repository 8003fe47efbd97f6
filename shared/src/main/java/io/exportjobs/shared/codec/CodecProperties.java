package io.exportjobs.shared.codec;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.temporal.codec}: payload encryption, off by default. {@code keys.<id>} are
 * base64-encoded 32-byte AES keys (ids: lower-case letters and digits, so that environment
 * variables such as {@code EXPORTJOBS_TEMPORAL_CODEC_KEYS_K2026A} can set them); {@code active-key}
 * is the id new payloads are sealed with (blank: decode only); {@code encode-failure-attributes}
 * also moves failure messages and stack traces into an encrypted payload (default true).
 */
@ConfigurationProperties("exportjobs.temporal.codec")
public record CodecProperties(
    boolean enabled, Map<String, String> keys, String activeKey, Boolean encodeFailureAttributes) {

  public CodecProperties {
    keys = keys == null ? Map.of() : Map.copyOf(keys);
    encodeFailureAttributes = encodeFailureAttributes == null || encodeFailureAttributes;
  }

  /** The keys decoded from base64; a key that is not valid base64 stops the start. */
  public Map<String, byte[]> decodedKeys() {
    Map<String, byte[]> decoded = new LinkedHashMap<>();
    keys.forEach(
        (id, value) -> {
          try {
            decoded.put(id, Base64.getDecoder().decode(value.trim()));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "exportjobs.temporal.codec.keys." + id + " is not base64", e);
          }
        });
    return decoded;
  }

  public AesGcmPayloadCodec codec() {
    return new AesGcmPayloadCodec(decodedKeys(), activeKey);
  }
}
