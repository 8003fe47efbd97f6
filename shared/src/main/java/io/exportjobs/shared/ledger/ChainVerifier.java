package io.exportjobs.shared.ledger;

import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;

/**
 * Recomputes a chain entry by entry: each hash from the entry's own fields, each {@code prevHash}
 * against the previous entry's hash, and each seq against its predecessor's plus one.
 */
public final class ChainVerifier {

  private String expectedPrev;
  private long expectedSeq;
  private long checked;
  private Long firstBroken;

  /** Starts at {@code fromSeq}, whose predecessor's hash is {@code prevHash}. */
  public ChainVerifier(long fromSeq, String prevHash) {
    this.expectedSeq = fromSeq;
    this.expectedPrev = prevHash;
  }

  public void accept(LedgerEntry e) {
    checked++;
    if (firstBroken == null
        && (e.seq() != expectedSeq
            || !e.prevHash().equals(expectedPrev)
            || !LedgerHasher.recompute(e).equals(e.hash()))) {
      firstBroken = e.seq() != expectedSeq ? Math.min(e.seq(), expectedSeq) : e.seq();
    }
    expectedSeq = e.seq() + 1;
    expectedPrev = e.hash();
  }

  /** Entries expected up to {@code toSeq} but missing count as a break at the first missing. */
  public void finish(long toSeq) {
    if (firstBroken == null && expectedSeq <= toSeq) {
      firstBroken = expectedSeq;
    }
  }

  public long checked() {
    return checked;
  }

  public Long firstBroken() {
    return firstBroken;
  }
}
