package io.exportjobs.shared.export;

import io.exportjobs.pack.ledger.Outcome;
import java.util.List;

/** Entry filters: within a field any value matches (OR), across fields all must (AND). */
public record ExportFilters(
    List<String> actors, List<String> actions, List<String> resources, List<Outcome> outcomes) {

  public ExportFilters {
    actors = actors == null ? List.of() : List.copyOf(actors);
    actions = actions == null ? List.of() : List.copyOf(actions);
    resources = resources == null ? List.of() : List.copyOf(resources);
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
  }

  public static ExportFilters none() {
    return new ExportFilters(List.of(), List.of(), List.of(), List.of());
  }
}
