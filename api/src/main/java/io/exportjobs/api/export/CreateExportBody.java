package io.exportjobs.api.export;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /exports}: enum-like fields are strings so that bad values get a precise error. */
@Schema(name = "CreateExportRequest")
public record CreateExportBody(
    String type,
    String format,
    Range range,
    Filters filters,
    String retention,
    String target,
    Map<String, String> labels) {

  @Schema(
      name = "RequestedRange",
      description =
          "either [from, to) on occurredAt (basis occurred, the default) or recordedAt (basis"
              + " recorded), or [fromSeq, toSeq) on seq (without toSeq: up to the ledger head"
              + " when the job starts)")
  public record Range(Instant from, Instant to, String basis, Long fromSeq, Long toSeq) {

    public Range(Instant from, Instant to) {
      this(from, to, null, null, null);
    }
  }

  @Schema(name = "RequestedFilters")
  public record Filters(
      List<String> actors, List<String> actions, List<String> resources, List<String> outcomes) {}
}
