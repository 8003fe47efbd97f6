package io.exportjobs.shared.export;

import static io.exportjobs.shared.export.ExportFormat.CSV;
import static io.exportjobs.shared.export.ExportFormat.HTML;
import static io.exportjobs.shared.export.ExportFormat.JSON;
import static io.exportjobs.shared.export.ExportFormat.NDJSON;
import static io.exportjobs.shared.export.ExportFormat.TAR_GZ;
import static io.exportjobs.shared.export.ExportFormat.ZIP;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The export types of the contract and the formats each can be written in (first = default). */
public enum ExportType {
  LEDGER(List.of(NDJSON, CSV, JSON)),
  EVIDENCE_PACK(List.of(TAR_GZ, ZIP)),
  AUDIT_REPORT(List.of(HTML, JSON, CSV)),
  SNAPSHOT(List.of(TAR_GZ));

  private final List<ExportFormat> formats;

  ExportType(List<ExportFormat> formats) {
    this.formats = formats;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<ExportFormat> formats() {
    return formats;
  }

  public ExportFormat defaultFormat() {
    return formats.get(0);
  }

  public boolean supports(ExportFormat format) {
    return formats.contains(format);
  }

  public static Optional<ExportType> parse(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
  }

  @JsonCreator
  static ExportType fromJson(String wire) {
    return parse(wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown type '" + wire + "'"));
  }
}
