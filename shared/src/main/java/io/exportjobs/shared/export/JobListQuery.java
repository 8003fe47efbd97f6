package io.exportjobs.shared.export;

import java.util.List;
import java.util.Map;

/** Filters of {@code GET /exports}; empty lists mean "any". Labels must all match. */
public record JobListQuery(
    String tenant,
    List<ExportStatus> statuses,
    List<ExportType> types,
    String scheduleId,
    Map<String, String> labels,
    int pageSize,
    String pageToken) {

  public JobListQuery {
    statuses = statuses == null ? List.of() : List.copyOf(statuses);
    types = types == null ? List.of() : List.copyOf(types);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
