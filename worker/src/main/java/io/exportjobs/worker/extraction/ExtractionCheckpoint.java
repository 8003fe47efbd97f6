package io.exportjobs.worker.extraction;

/**
 * What the extraction heartbeats: the staging file holds exactly the entries up to {@code lastSeq},
 * in {@code bytes} bytes. A resumed attempt truncates to {@code bytes} and continues after {@code
 * lastSeq}.
 */
public record ExtractionCheckpoint(long lastSeq, long entries, long bytes) {

  static ExtractionCheckpoint start() {
    return new ExtractionCheckpoint(0, 0, 0);
  }
}
