package io.exportjobs.pack.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exportjobs.pack.Dsse;
import io.exportjobs.pack.EvidencePackWriter;
import io.exportjobs.pack.InTotoStatement;
import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.signing.PublicSigningKey;
import io.exportjobs.pack.verify.PackVerification.Check;
import io.exportjobs.pack.verify.PackVerification.Problem;
import io.exportjobs.pack.verify.PackVerification.SignatureCheck;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Verifies an evidence pack or snapshot offline: the container, the file set, SHA256SUMS, the
 * statement's subjects, the DSSE envelope and its Ed25519 signature, and entries.ndjson against the
 * signed predicate (count, first and last seq, every hash recomputed, every link where seqs are
 * consecutive, the ledger head, the range; for a snapshot also gap-free from seq 1).
 *
 * <p>Each problem names the file that is wrong. Digests are compared against the signed statement
 * first, so a changed file is blamed, not the list that still holds its old digest. Memory stays
 * bounded: entries.ndjson and report.html are streamed, the other files are small (at most 4 MiB).
 */
public final class PackVerifier {

  /** The gzip header {@link EvidencePackWriter} writes: deflate, no flags, mtime 0, OS unknown. */
  static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  static final String ARCHIVE = "archive";
  static final String FILES = "files";
  static final String SUMS = "SHA256SUMS";
  static final String STATEMENT = "statement";
  static final String ENVELOPE = "envelope";
  static final String SIGNATURE = "signature";
  static final String ENTRIES = "entries";
  static final String CHAIN = "hash chain";
  static final String HEAD = "ledger head";
  static final String RANGE = "range";
  private static final List<String> CHECKS =
      List.of(ARCHIVE, FILES, SUMS, STATEMENT, ENVELOPE, SIGNATURE, ENTRIES, CHAIN, HEAD, RANGE);

  private static final int MAX_SMALL_FILE = 4 << 20;
  private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");
  private static final ObjectMapper STRICT =
      Json.mapper().copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private PackVerifier() {}

  /**
   * @param keys the public key of a key id, e.g. {@code SigningKeys::publicKey}, or the keys a user
   *     passed on the command line
   */
  public static PackVerification verify(Path archive, Function<String, Optional<PublicKey>> keys) {
    return new Run(archive, keys).run();
  }

  private static final class Run {
    private final Path archive;
    private final String archiveName;
    private final Function<String, Optional<PublicKey>> keys;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private final Set<String> notChecked = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, byte[]> small = new LinkedHashMap<>();
    private final Map<String, String> actual = new LinkedHashMap<>();
    private final Set<String> blamed = new HashSet<>();
    private Map<String, String> subjects;
    private Predicate predicate;
    private EntriesCheck entries;
    private SignatureCheck signature;

    Run(Path archive, Function<String, Optional<PublicKey>> keys) {
      this.archive = archive;
      this.archiveName = archive.getFileName().toString();
      this.keys = keys;
    }

    PackVerification run() {
      String sha256 = null;
      boolean readable;
      try {
        sha256 = sha256Of(archive);
        readable = readArchive();
      } catch (IOException | RuntimeException e) {
        readable = false;
        problem(
            ARCHIVE,
            archiveName,
            "cannot be read as an archive: "
                + describe(e)
                + "; a damaged archive cannot be verified further");
      }
      if (readable) {
        checkFileSet();
        checkEnvelopeAndSignature();
        checkStatement();
        checkSums();
        checkEntries();
      } else {
        CHECKS.stream().filter(c -> !c.equals(ARCHIVE)).forEach(c -> notChecked.add(c));
      }
      List<Check> checks = new ArrayList<>();
      for (String name : CHECKS) {
        long count = problems.stream().filter(p -> p.check().equals(name)).count();
        if (count > 0) {
          checks.add(new Check(name, false, count + (count == 1 ? " problem" : " problems")));
        } else if (notChecked.contains(name)) {
          checks.add(new Check(name, false, "not checked"));
        } else {
          checks.add(new Check(name, true, details.getOrDefault(name, "ok")));
        }
      }
      boolean valid =
          problems.isEmpty()
              && signature != null
              && signature.valid()
              && checks.stream().allMatch(Check::ok);
      return new PackVerification(
          valid,
          sha256,
          entries == null ? null : entries.lines,
          signature,
          List.copyOf(checks),
          List.copyOf(problems));
    }

    // ---- container

    /** False when the archive could not be read at all. */
    private boolean readArchive() throws IOException {
      byte[] head = new byte[GZIP_HEADER.length];
      int n;
      try (InputStream in = Files.newInputStream(archive)) {
        n = in.readNBytes(head, 0, head.length);
      }
      if (n >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
        if (n < head.length || !Arrays.equals(head, GZIP_HEADER)) {
          problem(
              ARCHIVE,
              archiveName,
              "gzip header is not the one packs are written with (mtime 0, no name, no flags)");
        }
        readTarGz();
        details.put(ARCHIVE, "tar.gz, " + seen.size() + " files");
      } else if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
        readZip();
        details.put(ARCHIVE, "zip, " + seen.size() + " files");
      } else {
        problem(ARCHIVE, archiveName, "is neither a tar.gz nor a zip archive");
        return false;
      }
      return true;
    }

    private void readTarGz() throws IOException {
      try (BufferedInputStream raw =
              new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
          GzipCompressorInputStream gzip =
              GzipCompressorInputStream.builder()
                  .setInputStream(raw)
                  .setDecompressConcatenated(false)
                  .get()) {
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          accept(entry.getName(), entry.isFile(), tar);
        }
        // read to the end of the gzip stream, so that its CRC and length are checked too
        byte[] rest = new byte[8192];
        boolean trailingData = false;
        int r;
        while ((r = gzip.read(rest)) > 0) {
          for (int i = 0; i < r && !trailingData; i++) {
            trailingData = rest[i] != 0;
          }
        }
        if (trailingData) {
          problem(ARCHIVE, archiveName, "holds data after the end of the tar archive");
        }
        if (raw.read() != -1) {
          problem(ARCHIVE, archiveName, "holds bytes after the end of the gzip stream");
        }
      }
    }

    private void readZip() throws IOException {
      try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
        Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
        while (all.hasMoreElements()) {
          ZipArchiveEntry entry = all.nextElement();
          boolean regular = !entry.isDirectory() && !entry.isUnixSymlink();
          if (regular && !zip.canReadEntryData(entry)) {
            problem(FILES, entry.getName(), "is stored with a method the verifier cannot read");
            continue;
          }
          try (InputStream in =
              regular ? zip.getInputStream(entry) : InputStream.nullInputStream()) {
            accept(entry.getName(), regular, in);
          }
        }
      }
    }

    private void accept(String name, boolean regular, InputStream in) throws IOException {
      if (name == null || name.isBlank()) {
        // a damaged deflate stream can inflate into a header without a name: blame the archive
        problem(ARCHIVE, archiveName, "holds an entry without a name: the archive is damaged");
        in.transferTo(OutputStream.nullOutputStream());
        return;
      }
      if (!regular) {
        problem(FILES, name, "is not a regular file");
        return;
      }
      if (!seen.add(name)) {
        problem(FILES, name, "appears more than once in the archive");
        in.transferTo(OutputStream.nullOutputStream());
        return;
      }
      if (!PackFiles.REQUIRED.contains(name) && !PackFiles.OPTIONAL.contains(name)) {
        problem(FILES, name, "is not a file of an evidence pack");
        in.transferTo(OutputStream.nullOutputStream());
        return;
      }
      if (name.equals(PackFiles.ENTRIES)) {
        entries = new EntriesCheck();
        entries.read(in);
        actual.put(name, entries.sha256);
      } else if (name.equals(PackFiles.REPORT)) {
        MessageDigest md = Digests.sha256();
        new DigestInputStream(in, md).transferTo(OutputStream.nullOutputStream());
        actual.put(name, Digests.hex(md.digest()));
      } else {
        byte[] bytes = in.readNBytes(MAX_SMALL_FILE + 1);
        if (bytes.length > MAX_SMALL_FILE) {
          problem(FILES, name, "is larger than " + MAX_SMALL_FILE + " bytes");
          in.transferTo(OutputStream.nullOutputStream());
          return;
        }
        small.put(name, bytes);
        actual.put(name, Digests.sha256Hex(bytes));
      }
    }

    private void checkFileSet() {
      for (String name : PackFiles.ORDER) {
        if (PackFiles.REQUIRED.contains(name) && !seen.contains(name)) {
          problem(FILES, name, "is missing");
        }
      }
      details.put(
          FILES, String.join(", ", PackFiles.ORDER.stream().filter(seen::contains).toList()));
    }

    // ---- envelope and signature

    private void checkEnvelopeAndSignature() {
      byte[] envelopeBytes = small.get(PackFiles.ENVELOPE);
      byte[] statementBytes = small.get(PackFiles.STATEMENT);
      Envelope envelope = envelopeBytes == null ? null : parseEnvelope(envelopeBytes);
      if (envelope == null) {
        notChecked.add(SIGNATURE);
        if (envelopeBytes == null) {
          notChecked.add(ENVELOPE);
        }
        statementForChecks(statementBytes);
        return;
      }
      boolean keyKnown = false;
      for (Envelope.Sig sig : envelope.signatures()) {
        Optional<PublicKey> key = keys.apply(sig.keyId());
        boolean valid =
            key.isPresent()
                && Ed25519Keys.verify(
                    key.get(), Dsse.pae(envelope.payloadType(), envelope.payload()), sig.sig());
        keyKnown |= key.isPresent();
        if (valid) {
          signature = new SignatureCheck(sig.keyId(), PublicSigningKey.ED25519, true);
          break;
        }
        if (signature == null) {
          signature = new SignatureCheck(sig.keyId(), PublicSigningKey.ED25519, false);
        }
      }
      boolean signed = signature.valid();
      if (signed) {
        details.put(SIGNATURE, "ed25519, key " + signature.keyId());
      } else if (!keyKnown) {
        problem(
            SIGNATURE,
            PackFiles.ENVELOPE,
            "is signed with key "
                + signature.keyId()
                + ", which is not among the public keys given");
      } else {
        problem(
            SIGNATURE,
            PackFiles.ENVELOPE,
            "signature does not verify with the public key " + signature.keyId());
      }
      if (statementBytes != null && !Arrays.equals(statementBytes, envelope.payload())) {
        if (signed) {
          problem(
              ENVELOPE,
              PackFiles.STATEMENT,
              "differs from the statement signed in " + PackFiles.ENVELOPE);
        } else if (keyKnown) {
          problem(ENVELOPE, PackFiles.ENVELOPE, "payload is not " + PackFiles.STATEMENT);
        } else {
          problem(
              ENVELOPE,
              PackFiles.STATEMENT,
              "differs from the payload of "
                  + PackFiles.ENVELOPE
                  + " (which of the two was changed cannot be told without the key)");
        }
      } else if (statementBytes != null) {
        details.put(ENVELOPE, "payload is statement.json (" + Dsse.IN_TOTO_PAYLOAD_TYPE + ")");
      }
      // what the rest is checked against: the signed statement when the signature holds
      statementForChecks(signed || statementBytes == null ? envelope.payload() : statementBytes);
    }

    private record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
      record Sig(String keyId, byte[] sig) {}
    }

    private Envelope parseEnvelope(byte[] bytes) {
      String file = PackFiles.ENVELOPE;
      JsonNode node;
      try {
        node = STRICT.readTree(bytes);
        if (!Arrays.equals(new JsonCanonicalizer(bytes).getEncodedUTF8(), bytes)) {
          problem(ENVELOPE, file, "is not in the canonical JSON form (RFC 8785) it is written in");
        }
      } catch (IOException | RuntimeException e) {
        problem(ENVELOPE, file, "is not valid JSON");
        return null;
      }
      if (node == null
          || !node.isObject()
          || !fieldsExactly(node, "payloadType", "payload", "signatures")) {
        problem(ENVELOPE, file, "is not a DSSE envelope {payloadType, payload, signatures}");
        return null;
      }
      if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(node.get("payloadType").textValue())) {
        problem(ENVELOPE, file, "payloadType is not " + Dsse.IN_TOTO_PAYLOAD_TYPE);
        return null;
      }
      byte[] payload = strictBase64(node.get("payload"));
      if (payload == null) {
        problem(ENVELOPE, file, "payload is not base64");
        return null;
      }
      JsonNode sigs = node.get("signatures");
      if (!sigs.isArray() || sigs.isEmpty()) {
        problem(ENVELOPE, file, "has no signatures");
        return null;
      }
      List<Envelope.Sig> out = new ArrayList<>();
      for (JsonNode s : sigs) {
        byte[] sig =
            s.isObject() && fieldsExactly(s, "keyid", "sig") ? strictBase64(s.get("sig")) : null;
        if (sig == null || !s.get("keyid").isTextual()) {
          problem(ENVELOPE, file, "has a signature that is not {keyid, sig (base64)}");
          return null;
        }
        out.add(new Envelope.Sig(s.get("keyid").textValue(), sig));
      }
      return new Envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, out);
    }

    // ---- statement

    private byte[] statementSource;

    private void statementForChecks(byte[] bytes) {
      statementSource = bytes;
    }

    private void checkStatement() {
      if (statementSource == null) {
        notChecked.add(STATEMENT);
        return;
      }
      String file = PackFiles.STATEMENT;
      JsonNode node;
      try {
        node = STRICT.readTree(statementSource);
      } catch (IOException e) {
        problem(STATEMENT, file, "is not valid JSON");
        return;
      }
      if (node == null
          || !node.isObject()
          || !InTotoStatement.TYPE.equals(node.path("_type").textValue())) {
        problem(
            STATEMENT, file, "is not an in-toto Statement v1 (_type " + InTotoStatement.TYPE + ")");
        return;
      }
      if (!InTotoStatement.PREDICATE_TYPE.equals(node.path("predicateType").textValue())) {
        problem(STATEMENT, file, "predicateType is not " + InTotoStatement.PREDICATE_TYPE);
        return;
      }
      Map<String, String> listed = new LinkedHashMap<>();
      for (JsonNode s : node.path("subject")) {
        String name = s.path("name").textValue();
        String sha = s.path("digest").path("sha256").textValue();
        if (name == null || sha == null || listed.put(name, sha) != null) {
          problem(STATEMENT, file, "has a subject without name and sha256, or a name twice");
          return;
        }
      }
      subjects = listed;
      try {
        predicate = Predicate.of(node.path("predicate"));
      } catch (RuntimeException e) {
        problem(STATEMENT, file, "predicate: " + e.getMessage());
      }
      for (Map.Entry<String, String> s : listed.entrySet()) {
        String name = s.getKey();
        if (!PackFiles.SUBJECTS.contains(name)) {
          problem(STATEMENT, file, "lists " + name + ", which is not a file a pack carries");
        } else if (!actual.containsKey(name)) {
          if (seen.contains(name) || PackFiles.REQUIRED.contains(name)) {
            continue; // already named: missing, or unreadable
          }
          problem(FILES, name, "is missing (the signed statement lists it)");
        } else if (!actual.get(name).equals(s.getValue())) {
          blame(STATEMENT, name, "does not match its SHA-256 in the signed statement");
        }
      }
      for (String name : PackFiles.SUBJECTS) {
        if (actual.containsKey(name) && !listed.containsKey(name)) {
          blame(STATEMENT, name, "is not listed in the signed statement");
        }
      }
      details.put(STATEMENT, listed.size() + " subjects match");
    }

    // ---- SHA256SUMS

    private void checkSums() {
      byte[] bytes = small.get(PackFiles.SHA256SUMS);
      if (bytes == null) {
        notChecked.add(SUMS);
        return;
      }
      String file = PackFiles.SHA256SUMS;
      String text = new String(bytes, StandardCharsets.UTF_8);
      Map<String, String> listed = new LinkedHashMap<>();
      String[] lines = text.split("\n", -1);
      if (!text.endsWith("\n")) {
        problem(SUMS, file, "does not end with a newline");
      }
      for (int i = 0; i < lines.length - 1; i++) {
        Matcher m = SUM_LINE.matcher(lines[i]);
        if (!m.matches()) {
          problem(SUMS, file, "line " + (i + 1) + " is not '<sha256>  <file>'");
        } else if (listed.put(m.group(2), m.group(1)) != null) {
          problem(SUMS, file, "lists " + m.group(2) + " twice");
        }
      }
      for (Map.Entry<String, String> l : listed.entrySet()) {
        String name = l.getKey();
        if (!PackFiles.SUMMED.contains(name)) {
          problem(SUMS, file, "lists " + name + ", which is not a content file of a pack");
        } else if (!actual.containsKey(name)) {
          if (!seen.contains(name) && !PackFiles.REQUIRED.contains(name)) {
            problem(FILES, name, "is missing (SHA256SUMS lists it)");
          }
        } else if (!actual.get(name).equals(l.getValue())) {
          String signedDigest = subjects == null ? null : subjects.get(name);
          if (actual.get(name).equals(signedDigest)) {
            problem(SUMS, file, "has a wrong SHA-256 for " + name);
          } else {
            problem(SUMS, name, "does not match its SHA-256 in SHA256SUMS");
          }
        }
      }
      for (String name : PackFiles.SUMMED) {
        if (actual.containsKey(name) && !listed.containsKey(name)) {
          problem(SUMS, file, "does not list " + name);
        }
      }
      details.put(SUMS, listed.size() + " digests match (sha256sum -c SHA256SUMS)");
    }

    // ---- entries against the predicate

    private void checkEntries() {
      if (entries == null) {
        notChecked.addAll(List.of(ENTRIES, CHAIN, HEAD, RANGE));
        return;
      }
      String file = PackFiles.ENTRIES;
      for (String p : entries.problems()) {
        problem(CHAIN, file, p);
      }
      details.put(
          CHAIN,
          entries.hashesChecked + " hashes recomputed, " + entries.linksChecked + " links checked");
      if (predicate == null) {
        notChecked.addAll(List.of(ENTRIES, HEAD, RANGE));
        return;
      }
      Predicate p = predicate;
      if (entries.lines != p.entryCount()) {
        problem(
            ENTRIES,
            file,
            "has " + entries.lines + " entries, the statement says " + p.entryCount());
      }
      if (!java.util.Objects.equals(entries.firstSeq, p.firstSeq())
          || !java.util.Objects.equals(entries.lastSeq, p.lastSeq())) {
        problem(
            ENTRIES,
            file,
            "runs from seq "
                + entries.firstSeq
                + " to "
                + entries.lastSeq
                + ", the statement says "
                + p.firstSeq()
                + " to "
                + p.lastSeq());
      }
      details.put(
          ENTRIES,
          entries.lines
              + " entries"
              + (entries.lines == 0 ? "" : ", seq " + entries.firstSeq + " to " + entries.lastSeq)
              + ", as the statement says");

      long lastSeq = entries.lastSeq == null ? 0 : entries.lastSeq;
      String lastHash = entries.lastSeq == null ? ChainHead.GENESIS_HASH : entries.lastHash;
      if (p.snapshot()) {
        if (entries.lines > 0 && !entries.gapFreeFromOne) {
          problem(HEAD, file, "a snapshot must hold every entry from seq 1, without gaps");
        }
        if (lastSeq != p.headSeq() || !lastHash.equals(p.headHash())) {
          problem(
              HEAD,
              file,
              "ends at seq "
                  + lastSeq
                  + " ("
                  + lastHash
                  + "), not at the ledger head of the statement: seq "
                  + p.headSeq()
                  + " ("
                  + p.headHash()
                  + ")");
        }
        details.put(
            HEAD, "gap-free from seq 1 to the head, seq " + p.headSeq() + " " + p.headHash());
      } else {
        if (lastSeq > p.headSeq()
            || (lastSeq == p.headSeq()
                && entries.lastSeq != null
                && !lastHash.equals(p.headHash()))) {
          problem(HEAD, file, "goes beyond the ledger head of the statement: seq " + p.headSeq());
        }
        details.put(HEAD, "ledger head at export: seq " + p.headSeq() + " " + p.headHash());
      }
      if (entries.lines > 0) {
        if (p.snapshot()) {
          if (p.to() != null
              && entries.maxRecordedAt != null
              && !entries.maxRecordedAt.isBefore(p.to())) {
            problem(RANGE, file, "holds entries recorded at or after " + p.to());
          }
        } else if ((p.from() != null
                && entries.minOccurredAt != null
                && entries.minOccurredAt.isBefore(p.from()))
            || (p.to() != null
                && entries.maxOccurredAt != null
                && !entries.maxOccurredAt.isBefore(p.to()))) {
          problem(
              RANGE,
              file,
              "holds entries that occurred outside [" + p.from() + ", " + p.to() + ")");
        }
      }
      details.put(
          RANGE,
          p.snapshot()
              ? "recorded before " + p.to()
              : "occurred in [" + p.from() + ", " + p.to() + ")");
    }

    // ---- helpers

    /** A problem with a file's contents; each file is blamed once. */
    private void blame(String check, String file, String message) {
      if (blamed.add(file)) {
        problem(check, file, message);
      }
    }

    private void problem(String check, String file, String message) {
      problems.add(new Problem(check, file, message));
    }
  }

  private record Predicate(
      boolean snapshot,
      Instant from,
      Instant to,
      long entryCount,
      Long firstSeq,
      Long lastSeq,
      long headSeq,
      String headHash) {

    static Predicate of(JsonNode p) {
      String type = text(p, "type");
      if (!type.equals("evidence_pack") && !type.equals("snapshot")) {
        throw new IllegalArgumentException("type is neither evidence_pack nor snapshot");
      }
      JsonNode range = p.path("range");
      Instant from = range.hasNonNull("from") ? Instant.parse(text(range, "from")) : null;
      Instant to = range.hasNonNull("to") ? Instant.parse(text(range, "to")) : null;
      if (type.equals("snapshot") && from != null) {
        throw new IllegalArgumentException("a snapshot's range has no 'from'");
      }
      JsonNode head = p.path("ledgerHead");
      return new Predicate(
          type.equals("snapshot"),
          from,
          to,
          number(p, "entryCount"),
          p.path("firstSeq").isNull() ? null : number(p, "firstSeq"),
          p.path("lastSeq").isNull() ? null : number(p, "lastSeq"),
          number(head, "seq"),
          text(head, "hash"));
    }

    private static String text(JsonNode node, String field) {
      JsonNode v = node.path(field);
      if (!v.isTextual()) {
        throw new IllegalArgumentException(field + " is missing or not a string");
      }
      return v.textValue();
    }

    private static long number(JsonNode node, String field) {
      JsonNode v = node.path(field);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw new IllegalArgumentException(field + " is missing or not an integer");
      }
      return v.longValue();
    }
  }

  private static boolean fieldsExactly(JsonNode node, String... names) {
    Set<String> expected = Set.of(names);
    int count = 0;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); count++) {
      if (!expected.contains(it.next())) {
        return false;
      }
    }
    return count == names.length;
  }

  /** Base64 that re-encodes to the same text, so no two texts carry the same bytes. */
  private static byte[] strictBase64(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(node.textValue());
      return Base64.getEncoder().encodeToString(bytes).equals(node.textValue()) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest md = Digests.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Digests.hex(md.digest());
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @SuppressWarnings("unused")
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
