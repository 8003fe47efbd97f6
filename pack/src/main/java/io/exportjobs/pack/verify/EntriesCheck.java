package io.exportjobs.pack.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.tlog.TreeHashes;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads entries.ndjson once, in bounded memory, and checks each line on its own: a LedgerEntry
 * object, its {@code hash} recomputed by the contract's rule from the line's own values ({@code
 * SHA-256(utf8(prevHash) ‖ JCS(entry minus hash and prevHash))}), seqs ascending, and {@code
 * prevHash} equal to the previous hash wherever seqs are consecutive. What depends on the statement
 * (count, first and last seq, head, range) is kept as figures for {@link EntriesAgainstStatement}.
 */
final class EntriesCheck {

  static final int MAX_LINE = 1 << 20;
  private static final int MAX_REPORTED = 20;
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Set<String> FIELDS =
      Set.of(
          "seq",
          "occurredAt",
          "recordedAt",
          "actor",
          "action",
          "resource",
          "outcome",
          "attributes",
          "prevHash",
          "hash");

  private final MessageDigest digest = Digests.sha256();
  private final List<String> problems = new ArrayList<>();
  private long problemCount;
  long lines;
  long hashesChecked;
  long linksChecked;
  Long firstSeq;
  Long lastSeq;
  String lastHash;
  boolean gapFreeFromOne = true;
  Instant minOccurredAt;
  Instant maxOccurredAt;
  Instant minRecordedAt;
  Instant maxRecordedAt;
  String sha256;

  /** The leaf hash of each entry whose hash is well-formed, for the Merkle proof. */
  final Leaves leaves = new Leaves();

  void read(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    byte[] line = new byte[8 * 1024];
    int lineLength = 0;
    boolean overlong = false;
    int n;
    while ((n = in.read(buffer)) > 0) {
      digest.update(buffer, 0, n);
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] != '\n') {
          continue;
        }
        int part = i - start;
        if (!overlong && lineLength + part <= MAX_LINE) {
          line = append(line, lineLength, buffer, start, part);
          lineLength += part;
          line(line, lineLength);
        } else {
          lines++;
          problem("line " + lines + " is longer than " + MAX_LINE + " bytes");
        }
        lineLength = 0;
        overlong = false;
        start = i + 1;
      }
      int rest = n - start;
      if (!overlong && lineLength + rest <= MAX_LINE) {
        line = append(line, lineLength, buffer, start, rest);
        lineLength += rest;
      } else {
        overlong = true;
      }
    }
    if (lineLength > 0 || overlong) {
      lines++;
      problem("the last line does not end with a newline");
    }
    sha256 = Digests.hex(digest.digest());
  }

  List<String> problems() {
    List<String> out = new ArrayList<>(problems);
    if (problemCount > problems.size()) {
      out.add("… and " + (problemCount - problems.size()) + " more problems");
    }
    return out;
  }

  private static byte[] append(byte[] line, int length, byte[] src, int from, int count) {
    if (length + count > line.length) {
      byte[] bigger = new byte[Math.max(line.length * 2, length + count)];
      System.arraycopy(line, 0, bigger, 0, length);
      line = bigger;
    }
    System.arraycopy(src, from, line, length, count);
    return line;
  }

  private void line(byte[] bytes, int length) {
    lines++;
    long number = lines;
    JsonNode node;
    try {
      node = StrictJson.MAPPER.readTree(bytes, 0, length);
    } catch (IOException e) {
      problem("line " + number + " is not valid JSON");
      return;
    }
    if (!(node instanceof ObjectNode entry)) {
      problem("line " + number + " is not a JSON object");
      return;
    }
    String shape = shapeProblem(entry);
    if (shape != null) {
      problem("line " + number + ": " + shape);
      return;
    }
    Instant occurredAt;
    Instant recordedAt;
    try {
      occurredAt = Instant.parse(entry.get("occurredAt").textValue());
      recordedAt = Instant.parse(entry.get("recordedAt").textValue());
    } catch (DateTimeParseException e) {
      problem("line " + number + ": occurredAt and recordedAt must be RFC 3339 UTC timestamps");
      return;
    }
    long seq = entry.get("seq").longValue();
    String where = "line " + number + " (seq " + seq + ")";
    String prevHash = entry.get("prevHash").textValue();
    String hash = entry.get("hash").textValue();

    hashesChecked++;
    leaves.add(seq, TreeHashes.leafOfEntry(hash));
    if (!hash.equals(LedgerHasher.hash(prevHash, entry))) {
      problem(where + ": hash does not match the entry's contents");
    }
    if (seq == 1 && !prevHash.equals(ChainHead.GENESIS_HASH)) {
      problem(where + ": the first entry of a ledger must have the genesis prevHash");
    }
    if (lastSeq == null) {
      firstSeq = seq;
      gapFreeFromOne = seq == 1;
    } else if (seq <= lastSeq) {
      problem(where + ": seq is not greater than the previous entry's " + lastSeq);
      gapFreeFromOne = false;
    } else if (seq == lastSeq + 1) {
      linksChecked++;
      if (!prevHash.equals(lastHash)) {
        problem(where + ": prevHash is not the hash of entry " + lastSeq);
      }
    } else {
      gapFreeFromOne = false;
    }
    lastSeq = seq;
    lastHash = hash;
    minOccurredAt = min(minOccurredAt, occurredAt);
    maxOccurredAt = max(maxOccurredAt, occurredAt);
    minRecordedAt = min(minRecordedAt, recordedAt);
    maxRecordedAt = max(maxRecordedAt, recordedAt);
  }

  private static String shapeProblem(ObjectNode e) {
    for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        return "unexpected field '" + field + "'";
      }
    }
    for (String field : FIELDS) {
      if (!e.has(field)) {
        return "missing field '" + field + "'";
      }
    }
    JsonNode seq = e.get("seq");
    if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 1) {
      return "seq is not a positive integer";
    }
    for (String field :
        List.of(
            "occurredAt",
            "recordedAt",
            "actor",
            "action",
            "resource",
            "outcome",
            "prevHash",
            "hash")) {
      if (!e.get(field).isTextual()) {
        return field + " is not a string";
      }
    }
    if (Outcome.parse(e.get("outcome").textValue()).isEmpty()) {
      return "outcome is not success, failure or denied";
    }
    if (!e.get("attributes").isObject()) {
      return "attributes is not a JSON object";
    }
    for (String field : List.of("prevHash", "hash")) {
      if (!HASH.matcher(e.get(field).textValue()).matches()) {
        return field + " is not sha256:<64 lower-case hex>";
      }
    }
    return null;
  }

  private void problem(String message) {
    problemCount++;
    if (problems.size() < MAX_REPORTED) {
      problems.add(message);
    }
  }

  boolean hasProblems() {
    return problemCount > 0;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
