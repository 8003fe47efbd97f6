package io.exportjobs.shared.admission;

/** The answer to an {@link AdmissionRequest}: start now, ask again later, or skip this run. */
public record Admission(Decision decision, String reason) {

  public enum Decision {
    ADMITTED,
    WAIT,
    SKIP
  }

  public static Admission admitted() {
    return new Admission(Decision.ADMITTED, null);
  }

  public static Admission waiting(String reason) {
    return new Admission(Decision.WAIT, reason);
  }

  public static Admission skip(String reason) {
    return new Admission(Decision.SKIP, reason);
  }
}
