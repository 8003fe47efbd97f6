package io.exportjobs.pack;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.signing.Signer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DSSE v1 envelopes (https://github.com/secure-systems-lab/dsse), written as canonical JSON. */
public final class Dsse {

  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private Dsse() {}

  /** PAE("DSSEv1" SP len(type) SP type SP len(body) SP body), lengths in ASCII decimal bytes. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(
        ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** The envelope over {@code payload}, signed by {@code signer}, as RFC 8785 JSON bytes. */
  public static byte[] envelope(String payloadType, byte[] payload, Signer signer) {
    byte[] sig = signer.sign(pae(payloadType, payload));
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("keyid", signer.keyId());
    signature.put("sig", Base64.getEncoder().encodeToString(sig));
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("payloadType", payloadType);
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    envelope.put("signatures", List.of(signature));
    return Json.canonical(envelope);
  }
}
