package io.exportjobs.pack.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * C2SP signed notes with Ed25519: a text ending in a newline, a blank line, then signature lines
 * {@code — <key name> <base64(4-byte key id ‖ 64-byte signature)>}. What Go's {@code
 * golang.org/x/mod/sumdb/note} signs and opens.
 */
public final class SignedNote {

  /** Em dash (U+2014) and a space: how every signature line starts. */
  static final String SIGNATURE_PREFIX = "\u2014 ";

  private static final int MAX_SIGNATURES = 100;

  private SignedNote() {}

  /**
   * Signs {@code text} (which must end in a newline) as {@code key}; {@code sign} is the Ed25519
   * signature function of the matching private key.
   */
  public static String sign(String text, NoteKey key, UnaryOperator<byte[]> sign) {
    if (text == null || !text.endsWith("\n")) {
      throw new IllegalArgumentException("a note's text ends with a newline");
    }
    requireWellFormed(text);
    byte[] signature = sign.apply(text.getBytes(StandardCharsets.UTF_8));
    if (signature == null || signature.length != 64) {
      throw new IllegalStateException("an Ed25519 signature is 64 bytes");
    }
    byte[] tagged = ByteBuffer.allocate(4 + 64).putInt(key.keyId()).put(signature).array();
    return text
        + "\n"
        + SIGNATURE_PREFIX
        + key.name()
        + " "
        + Base64.getEncoder().encodeToString(tagged)
        + "\n";
  }

  /** An opened note: its text and the known keys whose signatures verified. */
  public record Opened(String text, List<NoteKey> signedBy) {}

  /**
   * Opens a note with the keys one trusts, as sumdb/note's {@code Open} does: signatures by unknown
   * keys (another name or key id) are ignored, a signature by a known key must verify, and at least
   * one must.
   */
  public static Opened open(String note, Collection<NoteKey> known) {
    if (note == null) {
      throw new ProofException("no note");
    }
    requireWellFormed(note);
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new ProofException("malformed note: no blank line before the signatures");
    }
    String text = note.substring(0, split + 1);
    String signatures = note.substring(split + 2);
    if (signatures.isEmpty() || !signatures.endsWith("\n")) {
      throw new ProofException("malformed note: the signature lines end with a newline");
    }
    byte[] signed = text.getBytes(StandardCharsets.UTF_8);
    List<NoteKey> verified = new ArrayList<>();
    String[] lines = signatures.substring(0, signatures.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new ProofException("malformed note: more than " + MAX_SIGNATURES + " signatures");
    }
    for (String line : lines) {
      if (!line.startsWith(SIGNATURE_PREFIX)) {
        throw new ProofException("malformed note: a signature line starts with an em dash");
      }
      String rest = line.substring(SIGNATURE_PREFIX.length());
      int space = rest.indexOf(' ');
      String name = space < 0 ? rest : rest.substring(0, space);
      try {
        NoteKey.requireValidName(name);
      } catch (IllegalArgumentException e) {
        throw new ProofException("malformed note: " + e.getMessage());
      }
      byte[] sig = decodeSignature(space < 0 ? "" : rest.substring(space + 1));
      int keyId = ByteBuffer.wrap(sig, 0, 4).getInt();
      for (NoteKey key : known) {
        if (key.name().equals(name) && key.keyId() == keyId) {
          if (!ed25519Verify(key, signed, Arrays.copyOfRange(sig, 4, sig.length))) {
            throw new ProofException(
                "the signature of key "
                    + name
                    + "+"
                    + String.format("%08x", keyId)
                    + " is invalid");
          }
          if (!verified.contains(key)) {
            verified.add(key);
          }
        }
      }
    }
    if (verified.isEmpty()) {
      throw new ProofException("the note has no signature by a known key");
    }
    return new Opened(text, List.copyOf(verified));
  }

  private static byte[] decodeSignature(String b64) {
    try {
      byte[] sig = Base64.getDecoder().decode(b64);
      if (sig.length < 5) {
        throw new ProofException("malformed note: a signature is too short");
      }
      return sig;
    } catch (IllegalArgumentException e) {
      throw new ProofException("malformed note: a signature is not base64");
    }
  }

  /** UTF-8 text without control characters other than newline (C2SP signed-note). */
  private static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new ProofException("malformed note: a control character at " + i);
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(++i)))) {
        throw new ProofException("malformed note: not valid UTF-16/UTF-8 at " + i);
      }
    }
  }

  private static boolean ed25519Verify(NoteKey key, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key.javaKey());
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
