package io.exportjobs.pack.tlog;

/** A proof, checkpoint or signed note that does not check out; the message says what failed. */
public class ProofException extends RuntimeException {

  public ProofException(String message) {
    super(message);
  }
}
