package io.exportjobs.api.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /exports}: enum-like fields are strings so that bad values get a precise error. */
public record CreateExportBody(
    String type,
    String format,
    Range range,
    Filters filters,
    String retention,
    String target,
    Map<String, String> labels) {

  public record Range(Instant from, Instant to) {}

  public record Filters(
      List<String> actors, List<String> actions, List<String> resources, List<String> outcomes) {}
}
