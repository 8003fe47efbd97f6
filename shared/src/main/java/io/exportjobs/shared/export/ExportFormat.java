package io.exportjobs.shared.export;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Artifact formats, with the media type and file extension each is served with. */
public enum ExportFormat {
  NDJSON("ndjson", "application/x-ndjson"),
  CSV("csv", "text/csv; charset=utf-8"),
  JSON("json", "application/json"),
  TAR_GZ("tar.gz", "application/gzip"),
  ZIP("zip", "application/zip"),
  HTML("html", "text/html; charset=utf-8");

  private final String wire;
  private final String contentType;

  ExportFormat(String wire, String contentType) {
    this.wire = wire;
    this.contentType = contentType;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  public String contentType() {
    return contentType;
  }

  /** The file extension is the wire name: {@code exp-demo-01J….ndjson}, {@code ….tar.gz}. */
  public String extension() {
    return wire;
  }

  public static Optional<ExportFormat> parse(String wire) {
    return Arrays.stream(values()).filter(f -> f.wire.equals(wire)).findFirst();
  }

  @JsonCreator
  static ExportFormat fromJson(String wire) {
    return parse(wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown format '" + wire + "'"));
  }
}
