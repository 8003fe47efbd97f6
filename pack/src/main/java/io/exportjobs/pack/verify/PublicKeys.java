package io.exportjobs.pack.verify;

import io.exportjobs.pack.signing.Ed25519Keys;
import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys a reader trusts, by key id. A pack names the key of its own signature, which is
 * looked up by id; the previous checkpoint of an incremental run may have been signed by a key
 * since rotated out, so every trusted key is tried on it.
 */
public final class PublicKeys {

  private final Map<String, PublicKey> byId;

  private PublicKeys(Map<String, PublicKey> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** These keys, each under its key id (sha256 of its DER SubjectPublicKeyInfo). */
  public static PublicKeys of(Collection<PublicKey> keys) {
    Map<String, PublicKey> byId = new LinkedHashMap<>();
    keys.forEach(k -> byId.put(Ed25519Keys.keyId(k), k));
    return new PublicKeys(byId);
  }

  /** Keys under the ids a reader says they have (which a wrong key does not verify). */
  public static PublicKeys byId(Map<String, PublicKey> keys) {
    return new PublicKeys(keys);
  }

  /** No key at all: nothing signed verifies. */
  public static PublicKeys none() {
    return new PublicKeys(Map.of());
  }

  /** The key with this id, if trusted. */
  public Optional<PublicKey> byId(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  /** Every trusted key. */
  public List<PublicKey> all() {
    return List.copyOf(byId.values());
  }
}
