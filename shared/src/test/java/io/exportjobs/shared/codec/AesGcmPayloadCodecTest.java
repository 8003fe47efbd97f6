package io.exportjobs.shared.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {

  private static final byte[] K1 = key(1);
  private static final byte[] K2 = key(2);

  @Test
  void roundTripHidesThePlaintextAndNamesTheKey() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(Map.of("k1", K1), "k1");
    Payload plain = json("{\"tenant\":\"demo\",\"id\":\"exp-demo-01J\"}");

    Payload sealed = codec.encode(List.of(plain)).get(0);

    assertThat(sealed.getMetadataMap().get("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(sealed.toByteString().toStringUtf8()).doesNotContain("demo").doesNotContain("json");
    assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void everyEncryptionUsesAFreshNonce() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(Map.of("k1", K1), "k1");
    Payload plain = json("\"same\"");
    assertThat(codec.encode(List.of(plain)).get(0).getData())
        .isNotEqualTo(codec.encode(List.of(plain)).get(0).getData());
  }

  @Test
  void afterRotationOldPayloadsStillDecodeAndNewOnesUseTheNewKey() {
    Payload plain = json("\"before rotation\"");
    Payload old = new AesGcmPayloadCodec(Map.of("k1", K1), "k1").encode(List.of(plain)).get(0);

    AesGcmPayloadCodec rotated = new AesGcmPayloadCodec(Map.of("k1", K1, "k2", K2), "k2");

    assertThat(rotated.decode(List.of(old))).containsExactly(plain);
    Payload fresh = rotated.encode(List.of(plain)).get(0);
    assertThat(fresh.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k2");
    assertThat(rotated.decode(List.of(fresh))).containsExactly(plain);
  }

  @Test
  void withoutAnActiveKeyItOnlyDecodes() {
    Payload plain = json("\"x\"");
    Payload sealed = new AesGcmPayloadCodec(Map.of("k1", K1), "k1").encode(List.of(plain)).get(0);
    AesGcmPayloadCodec decodeOnly = new AesGcmPayloadCodec(Map.of("k1", K1), "");

    assertThat(decodeOnly.encode(List.of(plain))).containsExactly(plain);
    assertThat(decodeOnly.decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void plainPayloadsPassThroughDecode() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(Map.of("k1", K1), "k1");
    Payload plain = json("\"written before the codec was turned on\"");
    assertThat(codec.decode(List.of(plain))).containsExactly(plain);
  }

  @Test
  void anUnknownKeyOrATamperedPayloadIsRefused() {
    Payload sealed =
        new AesGcmPayloadCodec(Map.of("k1", K1), "k1").encode(List.of(json("\"x\""))).get(0);

    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of("k2", K2), "k2").decode(List.of(sealed)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("'k1'");

    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload tampered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    assertThatThrownBy(
            () -> new AesGcmPayloadCodec(Map.of("k1", K1), "k1").decode(List.of(tampered)))
        .isInstanceOf(PayloadCodecException.class);

    // the key id is authenticated: relabelling a payload with another configured key fails
    Payload relabelled =
        sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("k2")).build();
    assertThatThrownBy(
            () ->
                new AesGcmPayloadCodec(Map.of("k1", K1, "k2", K1), "k1")
                    .decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void badConfigurationStopsTheStart() {
    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of("k1", new byte[16]), "k1"))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new AesGcmPayloadCodec(Map.of("k1", K1), "k9"))
        .hasMessageContaining("'k9'");
    assertThatThrownBy(
            () -> new CodecProperties(true, Map.of("k1", "not base64!"), "k1", null).codec())
        .hasMessageContaining("keys.k1");
  }

  @Test
  void throughTheDataConverterValuesAndFailuresRoundTrip() {
    CodecProperties properties =
        new CodecProperties(true, Map.of("k1", Base64.getEncoder().encodeToString(K1)), "k1", null);
    DataConverter converter =
        new CodecDataConverter(
            DefaultDataConverter.newDefaultInstance(),
            List.of(properties.codec()),
            properties.encodeFailureAttributes());

    Payload p = converter.toPayload("exp-demo-secret").orElseThrow();
    assertThat(p.toByteString().toString(StandardCharsets.UTF_8)).doesNotContain("exp-demo");
    assertThat(converter.fromPayload(p, String.class, String.class)).isEqualTo("exp-demo-secret");

    var failure =
        converter.exceptionToFailure(
            io.temporal.failure.ApplicationFailure.newFailure("export exp-demo-1 failed", "x"));
    assertThat(failure.getMessage()).doesNotContain("exp-demo");
    assertThat(converter.failureToException(failure).getMessage()).contains("export exp-demo-1");
  }

  private static Payload json(String json) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json))
        .build();
  }

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 31 + i);
    }
    return k;
  }
}
