package io.exportjobs.shared.ledger;

import io.exportjobs.pack.signing.Signer;
import io.exportjobs.pack.tlog.Checkpoint;
import io.exportjobs.pack.tlog.NoteKey;
import io.exportjobs.pack.tlog.SignedNote;
import io.exportjobs.shared.signing.SigningKeys;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed checkpoints of the tenants' trees: a C2SP tlog-checkpoint with origin {@code
 * <originPrefix>/<tenant>}, in a signed note made with the active key of the keyring that signs
 * packs. The note key's name is the checkpoint's origin (C2SP: a log's key name should match its
 * origin), so a tenant's {@code noteVerifierKey} opens that tenant's checkpoints only. After a key
 * rotation, older checkpoints still open with the retired key, which the keyring keeps listing.
 */
public class LedgerCheckpoints {

  /** {@code exportjobs.ledger.origin-prefix} unless configured. */
  public static final String DEFAULT_ORIGIN_PREFIX = "exportjobs.local/ledger";

  private final LedgerTree tree;
  private final SigningKeys keys;
  private final String originPrefix;
  private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();

  public LedgerCheckpoints(LedgerTree tree, SigningKeys keys, String originPrefix) {
    NoteKey.requireValidName(originPrefix);
    this.tree = tree;
    this.keys = keys;
    this.originPrefix = originPrefix;
  }

  public String origin(String tenant) {
    return originPrefix + "/" + tenant;
  }

  /** The checkpoint of the tenant's tree of {@code size} leaves (at most its head's seq). */
  public Checkpoint checkpoint(String tenant, long size) {
    return new Checkpoint(origin(tenant), size, tree.root(tenant, size));
  }

  /** The checkpoint as a signed note, signed with the keyring's active key. */
  public String sign(Checkpoint checkpoint) {
    Signer signer = keys.active();
    PublicKey publicKey =
        publicKeys.computeIfAbsent(
            signer.keyId(),
            id ->
                keys.publicKey(id)
                    .orElseThrow(
                        () ->
                            new IllegalStateException("the active key " + id + " is not listed")));
    NoteKey key = NoteKey.of(checkpoint.origin(), publicKey);
    return SignedNote.sign(checkpoint.text(), key, signer::sign);
  }

  /**
   * The note key (name and public key) that opens the tenant's checkpoints signed by {@code key}.
   */
  public NoteKey noteKey(String tenant, PublicKey key) {
    return NoteKey.of(origin(tenant), key);
  }
}
