package io.exportjobs.api.web;

import io.exportjobs.api.openapi.ApiDocs;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Times in requests, bodies and query parameters alike: RFC 3339 exactly as the OpenAPI document
 * states it ({@link ApiDocs#DATE_TIME_PATTERN}), so that what the document calls valid is read and
 * everything else is a 400 (no epoch numbers, no dates without a time, no offsets Java cannot
 * hold).
 */
public final class Rfc3339 {

  private static final Pattern FORM = Pattern.compile(ApiDocs.DATE_TIME_PATTERN);

  private Rfc3339() {}

  /**
   * @throws IllegalArgumentException if {@code text} is not such a time
   */
  public static Instant parse(String text) {
    if (text == null || text.length() > 40 || !FORM.matcher(text).matches()) {
      throw new IllegalArgumentException("not an RFC 3339 time such as 2026-10-01T00:00:00Z");
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a valid date and time: " + e.getMessage());
    }
  }
}
