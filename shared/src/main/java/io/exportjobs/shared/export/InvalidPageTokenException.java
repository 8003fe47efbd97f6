package io.exportjobs.shared.export;

/** A {@code pageToken} that this service did not issue. */
public class InvalidPageTokenException extends IllegalArgumentException {

  public InvalidPageTokenException(String message) {
    super(message);
  }
}
