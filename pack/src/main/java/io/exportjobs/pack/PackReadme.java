package io.exportjobs.pack;

import io.exportjobs.pack.json.Timestamps;

/** README.txt: what the pack is and how to verify it with public tools and with ours. */
final class PackReadme {

  private PackReadme() {}

  static String text(PackManifest m, boolean withReport, PackProof proof) {
    String range =
        m.range().isSeq()
            ? "seq " + m.range().fromSeq() + " (inclusive) to " + m.range().toSeq() + " (exclusive)"
            : (m.range().from() == null ? "the start" : Timestamps.format(m.range().from()))
                + " (inclusive) to "
                + (m.range().to() == null ? "the end" : Timestamps.format(m.range().to()))
                + " (exclusive)"
                + (m.range().isRecorded() ? ", on recordedAt" : "");
    return """
        Export Jobs: %s

        Tenant:  %s
        Job:     %s
        Range:   %s
        Entries: %d

        Files
        -----
        entries.ndjson       the audit ledger entries, one JSON object a line, in seq order
        %s%sSHA256SUMS           SHA-256 of README.txt, entries.ndjson%s%s
        statement.json       in-toto Statement v1: the SHA-256 of every other file
                             (SHA256SUMS included) and what was exported (predicate)
        statement.dsse.json  DSSE envelope: an Ed25519 signature over statement.json;
                             keyid = SHA-256 of the signing public key (DER)

        Verify with public tools
        ------------------------
        1. File digests:
             sha256sum -c SHA256SUMS
        2. SHA256SUMS itself is listed in statement.json:
             sha256sum SHA256SUMS
             grep -o '"name":"SHA256SUMS"[^}]*' statement.json
        3. The envelope carries exactly statement.json:
             jq -r .payload statement.dsse.json | base64 -d | cmp - statement.json
        4. The signature (OpenSSL 3; signing-key.pem = the public key whose keyid is in
           statement.dsse.json, from GET /api/v1/signing-keys):
             jq -r '.signatures[0].sig' statement.dsse.json | base64 -d > sig.bin
             { printf 'DSSEv1 28 application/vnd.in-toto+json %%d ' "$(wc -c < statement.json)"
               cat statement.json; } > pae.bin
             openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in pae.bin -sigfile sig.bin
        5. Each entry's hash: hash = "sha256:" + hex(SHA-256(prevHash || JCS(entry without
           hash and prevHash))), JCS = RFC 8785 canonical JSON; each prevHash equals the hash
           of the entry before it when their seqs are consecutive; the first entry of a ledger
           (seq 1) has prevHash "sha256:" followed by 64 zeros.

        Verify with the project's verifier (all of the above and more, in one command)
        ------------------------------------------------------------------------------
          scripts/verify-pack.sh %s.<tar.gz|zip> --key signing-keys.pem
          java -jar exportjobs-verify.jar %s.<tar.gz|zip> --key signing-keys.pem
        It exits 0 when the pack is valid and names every file that is not.
        %s"""
        .formatted(
            m.type() == PackType.SNAPSHOT ? "ledger snapshot" : "evidence pack",
            m.tenant(),
            m.jobId(),
            range,
            m.entryCount(),
            withReport ? "report.html          the audit report of the same range\n" : "",
            proof == null
                ? ""
                : "checkpoint           the signed checkpoint (C2SP signed note) of the tenant's\n"
                    + "                     Merkle tree at the ledger head this export pinned\n"
                    + "proof.json           proves the entries against that checkpoint\n",
            withReport ? ", report.html" : "",
            proof == null ? "" : ", checkpoint, proof.json",
            m.jobId(),
            m.jobId(),
            proof == null ? "" : PackProofReadme.text(m, proof));
  }
}
