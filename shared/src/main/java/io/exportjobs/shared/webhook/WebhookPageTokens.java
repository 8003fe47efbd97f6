package io.exportjobs.shared.webhook;

import io.exportjobs.shared.export.InvalidPageTokenException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque page tokens of the webhook lists: the last row's key, marked as ours. */
final class WebhookPageTokens {

  private WebhookPageTokens() {}

  static String encode(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("wh:" + raw).getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!raw.startsWith("wh:") || raw.length() > 200) {
        throw new IllegalArgumentException(raw);
      }
      return raw.substring(3);
    } catch (IllegalArgumentException e) {
      throw new InvalidPageTokenException("pageToken is not one this service issued");
    }
  }
}
