package io.exportjobs.shared.signing;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.signing}: where the Ed25519 keys that sign evidence packs and snapshots live.
 *
 * @param keyFile a PEM PKCS#8 private key to sign with; when absent the active key of {@code
 *     keysDir} is used, generated on first start
 * @param keysDir generated and rotated keys; default {@code <exportjobs.data-dir>/signing-keys}
 * @param publicKeyFiles PEM public keys of retired keys that must still verify (a file may hold
 *     several)
 */
@ConfigurationProperties("exportjobs.signing")
public record SigningProperties(Path keyFile, Path keysDir, List<Path> publicKeyFiles) {

  public SigningProperties {
    publicKeyFiles = publicKeyFiles == null ? List.of() : List.copyOf(publicKeyFiles);
  }

  /** {@code keysDir}, or its default under the data folder. */
  public Path keysDirOrDefault(Path dataDir) {
    return keysDir != null ? keysDir : dataDir.resolve("signing-keys");
  }

  public static SigningProperties inDirectory(Path keysDir) {
    return new SigningProperties(null, keysDir, List.of());
  }
}
