package io.exportjobs.api.codec;

import com.google.protobuf.ByteString;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.ApiKeyRegistry;
import io.exportjobs.api.security.Scope;
import io.exportjobs.shared.codec.AesGcmPayloadCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A Temporal codec server (the protocol the Web UI and {@code temporal --codec-endpoint} speak):
 * {@code POST /codec/decode} and {@code /codec/encode} take and answer {@code {"payloads": [{
 * "metadata": {name: base64}, "data": base64}]}}. Served only with {@code
 * exportjobs.temporal.codec.endpoint.enabled=true}, which also needs the codec itself enabled.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
@ConditionalOnProperty(name = "exportjobs.temporal.codec.endpoint.enabled", havingValue = "true")
class CodecController implements WebMvcConfigurer {

  private final AesGcmPayloadCodec codec;
  private final CodecEndpointProperties properties;
  private final ApiKeyRegistry keys;

  CodecController(
      ObjectProvider<AesGcmPayloadCodec> codec,
      CodecEndpointProperties properties,
      ApiKeyRegistry keys) {
    this.codec = codec.getIfAvailable();
    if (this.codec == null) {
      throw new IllegalStateException(
          "exportjobs.temporal.codec.endpoint.enabled needs exportjobs.temporal.codec.enabled"
              + " and its keys");
    }
    this.properties = properties;
    this.keys = keys;
  }

  record CodecPayload(Map<String, String> metadata, String data) {}

  record CodecPayloads(List<CodecPayload> payloads) {}

  @PostMapping(path = "/codec/decode", produces = MediaType.APPLICATION_JSON_VALUE)
  CodecPayloads decode(
      @RequestBody CodecPayloads body,
      @RequestHeader(name = "X-API-Key", required = false) String apiKey) {
    authorize(apiKey);
    try {
      return toJson(codec.decode(fromJson(body)));
    } catch (PayloadCodecException e) {
      throw ApiException.invalid("payloads", e.getMessage());
    }
  }

  @PostMapping(path = "/codec/encode", produces = MediaType.APPLICATION_JSON_VALUE)
  CodecPayloads encode(
      @RequestBody CodecPayloads body,
      @RequestHeader(name = "X-API-Key", required = false) String apiKey) {
    authorize(apiKey);
    return toJson(codec.encode(fromJson(body)));
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    registry
        .addMapping("/codec/**")
        .allowedOrigins(properties.allowedOrigins().toArray(String[]::new))
        .allowedMethods("POST", "OPTIONS")
        .allowedHeaders("Content-Type", "X-Namespace", "X-API-Key", "Authorization")
        .allowCredentials(properties.allowCredentials())
        .maxAge(600);
  }

  private void authorize(String apiKey) {
    if (!properties.requireApiKey()) {
      return;
    }
    if (apiKey == null || apiKey.isBlank() || apiKey.length() > 512) {
      throw ApiException.unauthenticated("send an API key in the X-API-Key header");
    }
    var key =
        keys.find(apiKey)
            .orElseThrow(() -> ApiException.unauthenticated("the API key is not valid"));
    // the payloads are every tenant's: only the platform operator may turn them into plain text
    if (key.scopes() == null || !key.scopes().contains(Scope.TENANTS_OPERATE)) {
      throw ApiException.forbidden("decoding payloads needs scope " + Scope.TENANTS_OPERATE);
    }
  }

  private static List<Payload> fromJson(CodecPayloads body) {
    if (body == null || body.payloads() == null) {
      throw ApiException.invalid("payloads", "is required");
    }
    List<Payload> out = new ArrayList<>(body.payloads().size());
    Base64.Decoder b64 = Base64.getDecoder();
    try {
      for (CodecPayload p : body.payloads()) {
        if (p == null) {
          throw ApiException.invalid("payloads", "must not contain null");
        }
        Payload.Builder b = Payload.newBuilder();
        if (p.metadata() != null) {
          p.metadata().forEach((k, v) -> b.putMetadata(k, ByteString.copyFrom(b64.decode(v))));
        }
        if (p.data() != null) {
          b.setData(ByteString.copyFrom(b64.decode(p.data())));
        }
        out.add(b.build());
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiException.invalid("payloads", "metadata values and data must be base64");
    }
    return out;
  }

  private static CodecPayloads toJson(List<Payload> payloads) {
    Base64.Encoder b64 = Base64.getEncoder();
    List<CodecPayload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      Map<String, String> metadata = new LinkedHashMap<>();
      p.getMetadataMap().forEach((k, v) -> metadata.put(k, b64.encodeToString(v.toByteArray())));
      out.add(new CodecPayload(metadata, b64.encodeToString(p.getData().toByteArray())));
    }
    return new CodecPayloads(out);
  }
}
