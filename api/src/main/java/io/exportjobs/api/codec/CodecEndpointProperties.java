package io.exportjobs.api.codec;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.temporal.codec.endpoint}: the codec server the Temporal Web UI (and the CLI's
 * {@code --codec-endpoint}) call to show encrypted payloads decoded. Off by default.
 *
 * @param enabled serve {@code POST /codec/encode} and {@code /codec/decode}
 * @param allowedOrigins origins of the Web UI that may call it from the browser (CORS)
 * @param requireApiKey demand an {@code X-API-Key} with scope {@code exports:admin}; the Web UI
 *     sends none, so a UI can use the endpoint only when this is false or when a proxy in front of
 *     the api adds the header
 * @param allowCredentials answer CORS with {@code Access-Control-Allow-Credentials: true}, for a UI
 *     configured to include credentials
 */
@ConfigurationProperties("exportjobs.temporal.codec.endpoint")
public record CodecEndpointProperties(
    boolean enabled, List<String> allowedOrigins, Boolean requireApiKey, boolean allowCredentials) {

  public CodecEndpointProperties {
    allowedOrigins =
        allowedOrigins == null
            ? List.of("http://127.0.0.1:8233", "http://localhost:8233")
            : List.copyOf(allowedOrigins);
    requireApiKey = requireApiKey == null || requireApiKey;
  }
}
