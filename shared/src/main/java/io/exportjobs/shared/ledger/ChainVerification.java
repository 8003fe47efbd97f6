package io.exportjobs.shared.ledger;

/**
 * The result of recomputing a tenant's chain over a seq range: {@code firstBrokenSeq} names the
 * first entry whose hash, link to its predecessor or position in the sequence is wrong.
 */
public record ChainVerification(
    boolean valid, long checked, long headSeq, String headHash, Long firstBrokenSeq) {}
