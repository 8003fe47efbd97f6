package io.exportjobs.verifier;

import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.PackFormat;
import io.exportjobs.pack.PackManifest;
import io.exportjobs.pack.PackType;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.signing.Signer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;

/** A small signed pack and the PEM of its key, written with the pack module's own writer. */
final class TestPacks {

  private TestPacks() {}

  record Pack(Path archive, Path publicKeyPem, String keyId) {}

  static Pack write(Path dir, PackFormat format) throws IOException {
    KeyPair pair = Ed25519Keys.generate();
    String keyId = Ed25519Keys.keyId(pair.getPublic());
    Signer signer =
        new Signer() {
          @Override
          public String keyId() {
            return keyId;
          }

          @Override
          public byte[] sign(byte[] message) {
            return Ed25519Keys.sign(pair.getPrivate(), message);
          }
        };
    Instant from = Instant.parse("2026-10-01T00:00:00Z");
    Path entries = dir.resolve("entries.ndjson");
    String prev = ChainHead.GENESIS_HASH;
    int count = 5;
    try (Writer w = Files.newBufferedWriter(entries, StandardCharsets.UTF_8)) {
      for (int seq = 1; seq <= count; seq++) {
        Instant at = from.plusSeconds(60L * seq);
        Map<String, Object> attributes = Map.of("n", seq);
        String hash =
            LedgerHasher.hash(
                prev, seq, at, at, "alice", "user.login", "app", Outcome.SUCCESS, attributes);
        w.write(
            Json.write(
                new LedgerEntry(
                    seq,
                    at,
                    at,
                    "alice",
                    "user.login",
                    "app",
                    Outcome.SUCCESS,
                    attributes,
                    prev,
                    hash)));
        w.write('\n');
        prev = hash;
      }
    }
    PackManifest manifest =
        new PackManifest(
            "demo",
            "exp-demo-cli",
            PackType.EVIDENCE_PACK,
            new PackManifest.Range(from, Instant.parse("2026-11-01T00:00:00Z")),
            PackManifest.Filters.none(),
            count,
            1L,
            (long) count,
            new ChainHead(count, prev),
            null);
    Path archive = dir.resolve(format == PackFormat.ZIP ? "pack.zip" : "pack.tar.gz");
    EvidencePackWriter.write(format, entries, Map.of(), manifest, signer, archive);
    // a key file as GET /signing-keys serves keys: it may hold several
    Path pem =
        Files.writeString(
            dir.resolve("keys.pem"),
            Ed25519Keys.publicKeyPem(Ed25519Keys.generate().getPublic())
                + Ed25519Keys.publicKeyPem(pair.getPublic()));
    return new Pack(archive, pem, keyId);
  }
}
