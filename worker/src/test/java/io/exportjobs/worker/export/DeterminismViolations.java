package io.exportjobs.worker.export;

import java.time.Instant;
import java.util.UUID;

/**
 * Workflow-style code that breaks every determinism rule. ArchitectureTest checks its rules against
 * this class to prove that they can fail; it is never registered with a worker.
 */
public final class DeterminismViolations {

  private DeterminismViolations() {}

  public static String idAndTime() throws InterruptedException {
    Thread.sleep(1);
    return UUID.randomUUID() + "@" + Instant.now() + "/" + System.currentTimeMillis();
  }
}
