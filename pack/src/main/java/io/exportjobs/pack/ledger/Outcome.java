package io.exportjobs.pack.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The result of an audited action. */
public enum Outcome {
  SUCCESS,
  FAILURE,
  DENIED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Outcome> parse(String wire) {
    if (wire == null) {
      return Optional.empty();
    }
    return switch (wire) {
      case "success" -> Optional.of(SUCCESS);
      case "failure" -> Optional.of(FAILURE);
      case "denied" -> Optional.of(DENIED);
      default -> Optional.empty();
    };
  }

  @JsonCreator
  static Outcome fromJson(String wire) {
    return parse(wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown outcome '" + wire + "'"));
  }
}
