package io.exportjobs.shared.ledger;

/** What an append did: {@code appended} is 0 when every entry was an already-recorded event. */
public record AppendResult(int appended, long firstSeq, long lastSeq, String headHash) {}
