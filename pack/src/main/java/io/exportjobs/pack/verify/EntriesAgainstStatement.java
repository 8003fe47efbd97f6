package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.CHAIN;
import static io.exportjobs.pack.verify.PackVerifier.ENTRIES;
import static io.exportjobs.pack.verify.PackVerifier.HEAD;
import static io.exportjobs.pack.verify.PackVerifier.RANGE;

import io.exportjobs.pack.PackFiles;
import java.util.Objects;

/**
 * The {@code hash chain} and {@code entries} checks: what {@link EntriesCheck} found line by line,
 * then the count and the first and last seq against the signed predicate; the {@code ledger head}
 * and {@code range} checks follow in {@link HeadAndRangeCheck}.
 */
final class EntriesAgainstStatement {

  private EntriesAgainstStatement() {}

  /**
   * @param entries entries.ndjson as read, null when the archive holds none
   * @param predicate the signed predicate, null when it could not be read
   */
  static void check(EntriesCheck entries, StatementPredicate predicate, Findings findings) {
    if (entries == null) {
      findings.notChecked(ENTRIES, CHAIN, HEAD, RANGE);
      return;
    }
    String file = PackFiles.ENTRIES;
    for (String p : entries.problems()) {
      findings.problem(CHAIN, file, p);
    }
    findings.detail(
        CHAIN,
        entries.hashesChecked + " hashes recomputed, " + entries.linksChecked + " links checked");
    if (predicate == null) {
      findings.notChecked(ENTRIES, HEAD, RANGE);
      return;
    }
    StatementPredicate p = predicate;
    if (entries.lines != p.entryCount()) {
      findings.problem(
          ENTRIES, file, "has " + entries.lines + " entries, the statement says " + p.entryCount());
    }
    if (!Objects.equals(entries.firstSeq, p.firstSeq())
        || !Objects.equals(entries.lastSeq, p.lastSeq())) {
      findings.problem(
          ENTRIES,
          file,
          "runs from seq "
              + entries.firstSeq
              + " to "
              + entries.lastSeq
              + ", the statement says "
              + p.firstSeq()
              + " to "
              + p.lastSeq());
    }
    findings.detail(
        ENTRIES,
        entries.lines
            + " entries"
            + (entries.lines == 0 ? "" : ", seq " + entries.firstSeq + " to " + entries.lastSeq)
            + ", as the statement says");
    HeadAndRangeCheck.check(entries, p, findings);
  }
}
