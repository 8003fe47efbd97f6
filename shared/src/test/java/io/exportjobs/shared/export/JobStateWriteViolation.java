package io.exportjobs.shared.export;

/**
 * Code that writes the job table behind the job store's back, in the ways SQL gets written.
 * SharedArchitectureTest checks the job store rule against this class to prove that it can fail;
 * nothing runs it.
 */
public final class JobStateWriteViolation {

  private static final String TABLE = "export_jobs";

  private JobStateWriteViolation() {}

  /** A constant folded by javac: "UPDATE export_jobs SET status = 'failed' WHERE id = ?". */
  public static String folded() {
    return "UPDATE " + TABLE + " SET status = 'failed' WHERE id = ?";
  }

  /** A concatenation with a variable: its recipe holds the SQL. */
  public static String concatenated(String id) {
    return "DELETE FROM export_jobs WHERE id = '" + id + "'";
  }
}
