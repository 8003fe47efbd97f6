package io.exportjobs.shared.export;

/**
 * Which state of the ledger an export type reads, so that every attempt of a job reads the same
 * entries (or, for {@link #NONE}, the ledger as it is when the attempt runs).
 */
public enum LedgerPin {
  /**
   * A time range is read as the ledger holds it when the attempt runs. A seq range without {@code
   * toSeq} still ends at the head recorded before the job was created, as for every type.
   */
  NONE,
  /**
   * The range's entries as recorded before the job was created: a retry gives the same bytes, and
   * the job's own audit entries never end up in its artifact.
   */
  AT_CREATION,
  /**
   * The whole ledger from seq 1, as recorded before {@code range.to} (or the job's creation, if
   * earlier), or up to {@code toSeq} of a seq range. The range names only where it ends.
   */
  WHOLE_LEDGER_AT_RANGE_END
}
