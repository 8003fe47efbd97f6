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

  @Schema(name = "RequestedRange", description = "[from, to) on occurredAt")
  public record Range(Instant from, Instant to) {}

  @Schema(name = "RequestedFilters")
  public record Filters(
      List<String> actors, List<String> actions, List<String> resources, List<String> outcomes) {}
}
