package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.ENVELOPE;
import static io.exportjobs.pack.verify.PackVerifier.SIGNATURE;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.Dsse;
import io.exportjobs.pack.PackFiles;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.signing.PublicSigningKey;
import io.exportjobs.pack.verify.PackVerification.SignatureCheck;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The {@code envelope} and {@code signature} checks: statement.dsse.json is a canonical DSSE
 * envelope of an in-toto statement, one of its Ed25519 signatures verifies with the key of its
 * {@code keyid}, and its payload is statement.json byte for byte. Decides what the statement check
 * reads: the signed payload when the signature holds, so that a changed statement.json is blamed
 * and not the files it still lists.
 */
final class EnvelopeCheck {

  /**
   * @param signature the signature that was checked, null when the envelope has none
   * @param statement the statement bytes the other checks go by, null when there are none
   */
  record Result(SignatureCheck signature, byte[] statement) {}

  private record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {}

  private record Sig(String keyId, byte[] sig) {}

  private final PublicKeys keys;
  private final Findings findings;

  EnvelopeCheck(PublicKeys keys, Findings findings) {
    this.keys = keys;
    this.findings = findings;
  }

  Result check(PackContents contents) {
    byte[] envelopeBytes = contents.small.get(PackFiles.ENVELOPE);
    byte[] statementBytes = contents.small.get(PackFiles.STATEMENT);
    Envelope envelope = envelopeBytes == null ? null : parse(envelopeBytes);
    if (envelope == null) {
      findings.notChecked(SIGNATURE);
      if (envelopeBytes == null) {
        findings.notChecked(ENVELOPE);
      }
      return new Result(null, statementBytes);
    }
    SignatureCheck signature = null;
    boolean keyKnown = false;
    for (Sig sig : envelope.signatures()) {
      Optional<PublicKey> key = keys.byId(sig.keyId());
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
      findings.detail(SIGNATURE, "ed25519, key " + signature.keyId());
    } else if (!keyKnown) {
      findings.problem(
          SIGNATURE,
          PackFiles.ENVELOPE,
          "is signed with key " + signature.keyId() + ", which is not among the public keys given");
    } else {
      findings.problem(
          SIGNATURE,
          PackFiles.ENVELOPE,
          "signature does not verify with the public key " + signature.keyId());
    }
    if (statementBytes != null && !Arrays.equals(statementBytes, envelope.payload())) {
      if (signed) {
        findings.problem(
            ENVELOPE,
            PackFiles.STATEMENT,
            "differs from the statement signed in " + PackFiles.ENVELOPE);
      } else if (keyKnown) {
        findings.problem(ENVELOPE, PackFiles.ENVELOPE, "payload is not " + PackFiles.STATEMENT);
      } else {
        findings.problem(
            ENVELOPE,
            PackFiles.STATEMENT,
            "differs from the payload of "
                + PackFiles.ENVELOPE
                + " (which of the two was changed cannot be told without the key)");
      }
    } else if (statementBytes != null) {
      findings.detail(ENVELOPE, "payload is statement.json (" + Dsse.IN_TOTO_PAYLOAD_TYPE + ")");
    }
    // what the rest is checked against: the signed statement when the signature holds
    return new Result(
        signature, signed || statementBytes == null ? envelope.payload() : statementBytes);
  }

  /** The envelope, or null (with the problem named) when it is not a well-formed one. */
  private Envelope parse(byte[] bytes) {
    String file = PackFiles.ENVELOPE;
    JsonNode node;
    try {
      node = StrictJson.MAPPER.readTree(bytes);
      if (!Arrays.equals(new JsonCanonicalizer(bytes).getEncodedUTF8(), bytes)) {
        findings.problem(
            ENVELOPE, file, "is not in the canonical JSON form (RFC 8785) it is written in");
      }
    } catch (IOException | RuntimeException e) {
      findings.problem(ENVELOPE, file, "is not valid JSON");
      return null;
    }
    if (node == null
        || !node.isObject()
        || !StrictJson.fieldsExactly(node, "payloadType", "payload", "signatures")) {
      findings.problem(ENVELOPE, file, "is not a DSSE envelope {payloadType, payload, signatures}");
      return null;
    }
    if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(node.get("payloadType").textValue())) {
      findings.problem(ENVELOPE, file, "payloadType is not " + Dsse.IN_TOTO_PAYLOAD_TYPE);
      return null;
    }
    byte[] payload = strictBase64(node.get("payload"));
    if (payload == null) {
      findings.problem(ENVELOPE, file, "payload is not base64");
      return null;
    }
    JsonNode sigs = node.get("signatures");
    if (!sigs.isArray() || sigs.isEmpty()) {
      findings.problem(ENVELOPE, file, "has no signatures");
      return null;
    }
    List<Sig> out = new ArrayList<>();
    for (JsonNode s : sigs) {
      byte[] sig =
          s.isObject() && StrictJson.fieldsExactly(s, "keyid", "sig")
              ? strictBase64(s.get("sig"))
              : null;
      if (sig == null || !s.get("keyid").isTextual()) {
        findings.problem(ENVELOPE, file, "has a signature that is not {keyid, sig (base64)}");
        return null;
      }
      out.add(new Sig(s.get("keyid").textValue(), sig));
    }
    return new Envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, out);
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
}
