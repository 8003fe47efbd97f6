package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.HEAD;
import static io.exportjobs.pack.verify.PackVerifier.RANGE;

import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.ledger.ChainHead;

/**
 * The {@code ledger head} and {@code range} checks. An evidence pack's entries end at or before the
 * ledger head of its statement and occurred in its range; a snapshot's run gap-free from seq 1 to
 * exactly that head and were recorded before its {@code to}.
 */
final class HeadAndRangeCheck {

  private HeadAndRangeCheck() {}

  static void check(EntriesCheck entries, StatementPredicate p, Findings findings) {
    String file = PackFiles.ENTRIES;
    long lastSeq = entries.lastSeq == null ? 0 : entries.lastSeq;
    String lastHash = entries.lastSeq == null ? ChainHead.GENESIS_HASH : entries.lastHash;
    if (p.snapshot()) {
      if (entries.lines > 0 && !entries.gapFreeFromOne) {
        findings.problem(HEAD, file, "a snapshot must hold every entry from seq 1, without gaps");
      }
      if (lastSeq != p.headSeq() || !lastHash.equals(p.headHash())) {
        findings.problem(
            HEAD,
            file,
            "ends at seq "
                + lastSeq
                + " ("
                + lastHash
                + "), not at the ledger head of the statement: seq "
                + p.headSeq()
                + " ("
                + p.headHash()
                + ")");
      }
      findings.detail(
          HEAD, "gap-free from seq 1 to the head, seq " + p.headSeq() + " " + p.headHash());
    } else {
      if (lastSeq > p.headSeq()
          || (lastSeq == p.headSeq()
              && entries.lastSeq != null
              && !lastHash.equals(p.headHash()))) {
        findings.problem(
            HEAD, file, "goes beyond the ledger head of the statement: seq " + p.headSeq());
      }
      findings.detail(HEAD, "ledger head at export: seq " + p.headSeq() + " " + p.headHash());
    }
    if (entries.lines > 0) {
      if (p.snapshot()) {
        if (p.to() != null
            && entries.maxRecordedAt != null
            && !entries.maxRecordedAt.isBefore(p.to())) {
          findings.problem(RANGE, file, "holds entries recorded at or after " + p.to());
        }
      } else if (p.seqRange()) {
        if (entries.firstSeq < p.fromSeq() || (p.toSeq() != null && entries.lastSeq >= p.toSeq())) {
          findings.problem(
              RANGE, file, "holds seqs outside [" + p.fromSeq() + ", " + p.toSeq() + ")");
        }
      } else if (p.recorded()) {
        if ((p.from() != null && entries.minRecordedAt.isBefore(p.from()))
            || (p.to() != null && !entries.maxRecordedAt.isBefore(p.to()))) {
          findings.problem(
              RANGE, file, "holds entries recorded outside [" + p.from() + ", " + p.to() + ")");
        }
      } else if ((p.from() != null
              && entries.minOccurredAt != null
              && entries.minOccurredAt.isBefore(p.from()))
          || (p.to() != null
              && entries.maxOccurredAt != null
              && !entries.maxOccurredAt.isBefore(p.to()))) {
        findings.problem(
            RANGE, file, "holds entries that occurred outside [" + p.from() + ", " + p.to() + ")");
      }
    }
    findings.detail(
        RANGE,
        p.snapshot()
            ? "recorded before " + p.to()
            : p.seqRange()
                ? "seqs in [" + p.fromSeq() + ", " + p.toSeq() + ")"
                : (p.recorded() ? "recorded" : "occurred")
                    + " in ["
                    + p.from()
                    + ", "
                    + p.to()
                    + ")");
  }
}
