package io.exportjobs.shared.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts every Temporal payload with AES-256-GCM. An encrypted payload has metadata {@code
 * encoding: binary/encrypted} and {@code encryption-key-id: <id>}; its data is a 12-byte random
 * nonce followed by the ciphertext and 16-byte tag of the original payload (metadata and data,
 * serialized as protobuf). The key id is authenticated as associated data.
 *
 * <p>Rotation-safe: decoding looks the key up by the id in the payload, so any configured key opens
 * what it sealed, while new payloads use the active key. Payloads without the encrypted encoding
 * pass through unchanged (histories from before the codec was turned on). With no active key it
 * only decodes, which is how it is turned off again without losing old histories.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String METADATA_ENCODING = "encoding";
  public static final String METADATA_KEY_ID = "encryption-key-id";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param keys key id → 32-byte AES key
   * @param activeKeyId the key new payloads are sealed with; null or blank: decode only
   */
  public AesGcmPayloadCodec(Map<String, byte[]> keys, String activeKeyId) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the payload codec needs at least one key");
    }
    Map<String, SecretKey> parsed = new java.util.LinkedHashMap<>();
    keys.forEach(
        (id, bytes) -> {
          if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a payload codec key needs an id");
          }
          if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException(
                "payload codec key '" + id + "' must be 32 bytes (AES-256), base64-encoded");
          }
          parsed.put(id, new SecretKeySpec(bytes, "AES"));
        });
    String active = activeKeyId == null || activeKeyId.isBlank() ? null : activeKeyId;
    if (active != null && !parsed.containsKey(active)) {
      throw new IllegalArgumentException(
          "the active payload codec key '" + active + "' is not among the configured keys");
    }
    this.keys = Map.copyOf(parsed);
    this.activeKeyId = active;
  }

  /** The key id new payloads are encrypted with, or null when the codec only decodes. */
  public String activeKeyId() {
    return activeKeyId;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    if (activeKeyId == null) {
      return payloads;
    }
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(isEncrypted(p) ? p : encrypt(p));
    }
    return out;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(isEncrypted(p) ? decrypt(p) : p);
    }
    return out;
  }

  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataMap().get(METADATA_ENCODING));
  }

  private Payload encrypt(Payload plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), nonce, activeKeyId);
      byte[] sealed = cipher.doFinal(plain.toByteArray());
      byte[] data = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return Payload.newBuilder()
          .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
          .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(activeKeyId))
          .setData(ByteString.copyFrom(data))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload", e);
    }
  }

  private Payload decrypt(Payload sealed) {
    ByteString id = sealed.getMetadataMap().get(METADATA_KEY_ID);
    if (id == null) {
      throw new PayloadCodecException("an encrypted payload has no " + METADATA_KEY_ID);
    }
    String keyId = id.toStringUtf8();
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new PayloadCodecException(
          "payload is encrypted with key '" + keyId + "', which is not configured");
    }
    byte[] data = sealed.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload is too short");
    }
    try {
      Cipher cipher =
          cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, NONCE_BYTES), keyId);
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "cannot decrypt a payload with key '" + keyId + "' (wrong key or tampered data)", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
