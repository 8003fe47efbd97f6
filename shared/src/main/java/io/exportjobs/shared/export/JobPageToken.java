package io.exportjobs.shared.export;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** The opaque page token: the last row's sort key, base64url-encoded. */
record JobPageToken(Instant createdAt, String id) {

  String encode() {
    String raw = createdAt.toString() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static JobPageToken decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar < 0) {
        throw new InvalidPageTokenException("pageToken is not one this service issued");
      }
      Instant createdAt = Instant.parse(raw.substring(0, bar));
      if (!io.exportjobs.shared.db.SqlTime.isStorable(createdAt)) {
        throw new InvalidPageTokenException("pageToken is not one this service issued");
      }
      return new JobPageToken(createdAt, raw.substring(bar + 1));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new InvalidPageTokenException("pageToken is not one this service issued");
    }
  }
}
