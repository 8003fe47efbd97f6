package io.exportjobs.pack.ledger;

/** The newest entry of a tenant's chain; seq 0 and the genesis hash for an empty ledger. */
public record ChainHead(long seq, String hash) {

  public static final String GENESIS_HASH = "sha256:" + "0".repeat(64);

  public static ChainHead empty() {
    return new ChainHead(0, GENESIS_HASH);
  }
}
