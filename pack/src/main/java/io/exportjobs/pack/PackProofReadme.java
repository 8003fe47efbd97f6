package io.exportjobs.pack;

/**
 * README.txt's part about checkpoint and proof.json: how to check them, what they prove, what not.
 */
final class PackProofReadme {

  private PackProofReadme() {}

  static String text(PackManifest m, PackProof p) {
    return """

        What this pack proves, and what it does not
        -------------------------------------------
        The tenant's ledger is an RFC 9162 Merkle tree (leaf = SHA-256(0x00 || the 32 bytes of an
        entry's hash), node = SHA-256(0x01 || left || right)). checkpoint is the signed head of
        that tree at size %d, the ledger head this export pinned; it is a C2SP signed note that
        Go's golang.org/x/mod/sumdb/note opens with the noteVerifierKey of GET
        /api/v1/signing-keys. proof.json spans seqs %d to %d: the leaves of that span are the
        entries of entries.ndjson and the %d leaf hashes listed in "excluded"; "left" and "right"
        are the compact ranges (transparency-dev/merkle compact.Range) of the leaves before and
        after the span. Together they rebuild the checkpoint's root, which proves that every entry
        here is in the ledger at its seq, unchanged, and that nothing in the span was hidden other
        than the excluded seqs.

        %s
        """
        .formatted(
            p.treeSize(), p.firstSeq(), p.lastSeq(), p.excluded().size(), completeness(m, p));
  }

  private static String completeness(PackManifest m, PackProof p) {
    if (m.type() == PackType.SNAPSHOT) {
      return """
          complete: %s. This snapshot holds every entry of the ledger from seq 1 to the
          checkpoint's size, without gaps: it is the whole ledger as the checkpoint fixes it.
          Entries recorded after the pinned head are not in it."""
          .formatted(p.complete());
    }
    StringBuilder out = new StringBuilder();
    out.append("complete: ").append(p.complete()).append(". ");
    if (m.range().isSeq()) {
      out.append(
          p.complete()
              ? "The span is exactly the seq range, and every leaf of it is an entry here: this"
                  + " pack holds every entry of the range, and nothing else."
              : "The seq range reaches beyond the pinned head, or entries were filtered out: the"
                  + " pack holds every entry of the span that is not listed as excluded.");
    } else if (m.range().isRecorded()) {
      out.append(
          p.complete()
              ? "The range is on recordedAt, which the ledger never lets decrease along seq."
                  + " The boundary of proof.json holds the entries just before and after the"
                  + " span, with their inclusion proofs; their recordedAt lie outside the range,"
                  + " so the span is the whole range: this pack holds every entry of it."
              : "The range is on recordedAt, but the pack cannot prove that it is complete:"
                  + " entries were filtered out, or no entry was recorded after the range before"
                  + " the pinned head (the range was still open).");
    } else {
      out.append(
          """
        This pack's range is on occurredAt, the time the client says an
        event happened. occurredAt is not ordered with seq, so an entry outside the span (before
        it or after it) may still have an occurredAt in the range: the tree proves what the span
        holds, it cannot prove that no entry outside it occurred in the range. Use a range on
        recordedAt ("basis": "recorded") or on seq ("fromSeq", "toSeq") to get a pack that
        proves it is complete.""");
    }
    if (!m.filters().equals(PackManifest.Filters.none())) {
      out.append(
          "\nThe entries were also filtered: the excluded leaves hide entries that did not"
              + " match the filters, which the proof cannot show.");
    }
    return out.toString();
  }
}
