package io.exportjobs.pack.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.pack.signing.Ed25519Keys;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the vectors of Go's golang.org/x/mod/sumdb/note tests, and C2SP's rules. */
class SignedNoteTest {

  static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  // sumdb/note's test signer key PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 ‖ seed)>
  static final String PETER_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  static final String SIGNED =
      TEXT
          + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  static PrivateKey peterPrivateKey() throws Exception {
    byte[] typed = Base64.getDecoder().decode(PETER_SEED);
    return KeyFactory.getInstance("Ed25519")
        .generatePrivate(
            new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOfRange(typed, 1, 33)));
  }

  @Test
  void signsExactlyAsSumdbNote() throws Exception {
    PrivateKey priv = peterPrivateKey();
    NoteKey key = NoteKey.of("PeterNeumann", Ed25519Keys.publicKeyOf(priv));
    assertThat(key.verifierKey()).isEqualTo(PETER_VKEY);
    assertThat(String.format("%08x", key.keyId())).isEqualTo("c74f20a3");
    assertThat(SignedNote.sign(TEXT, key, m -> Ed25519Keys.sign(priv, m))).isEqualTo(SIGNED);
  }

  @Test
  void opensWhatSumdbNoteSigned() {
    NoteKey key = NoteKey.parseVerifierKey(PETER_VKEY);
    SignedNote.Opened opened = SignedNote.open(SIGNED, List.of(key));
    assertThat(opened.text()).isEqualTo(TEXT);
    assertThat(opened.signedBy()).containsExactly(key);
  }

  @Test
  void refusesChangedTextUnknownKeysAndMalformedNotes() {
    NoteKey peter = NoteKey.parseVerifierKey(PETER_VKEY);
    assertThatThrownBy(() -> SignedNote.open(SIGNED.replace("answer", "ANSWER"), List.of(peter)))
        .hasMessageContaining("is invalid");
    NoteKey other = NoteKey.of("PeterNeumann", Ed25519Keys.generate().getPublic());
    assertThatThrownBy(() -> SignedNote.open(SIGNED, List.of(other)))
        .hasMessageContaining("no signature by a known key");
    NoteKey renamed = new NoteKey("CarmenSandiego", peter.publicKey());
    assertThatThrownBy(() -> SignedNote.open(SIGNED, List.of(renamed)))
        .hasMessageContaining("no signature by a known key");
    assertThatThrownBy(() -> SignedNote.open(TEXT, List.of(peter)))
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> SignedNote.open(SIGNED.replace("— ", "- "), List.of(peter)))
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> SignedNote.open(SIGNED + "\t", List.of(peter)))
        .hasMessageContaining("malformed");
  }

  @Test
  void anUnknownSignatureBesideAKnownOneIsIgnored() {
    KeyPair other = Ed25519Keys.generate();
    NoteKey otherKey = NoteKey.of("witness.example/w1", other.getPublic());
    String cosigned =
        SIGNED
            + SignedNote.sign(TEXT, otherKey, m -> Ed25519Keys.sign(other.getPrivate(), m))
                .substring(TEXT.length() + 1);
    NoteKey peter = NoteKey.parseVerifierKey(PETER_VKEY);
    assertThat(SignedNote.open(cosigned, List.of(peter)).signedBy()).containsExactly(peter);
    assertThat(SignedNote.open(cosigned, List.of(peter, otherKey)).signedBy())
        .containsExactly(peter, otherKey);
  }

  @Test
  void verifierKeysWithPlusInTheirBase64RoundTrip() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0xfb); // base64 "+/v7" over and over
    NoteKey noteKey = new NoteKey("exportjobs.local/ledger/demo", key);
    assertThat(noteKey.verifierKey()).endsWith("+/v7+/v7");
    assertThat(NoteKey.parseVerifierKey(noteKey.verifierKey())).isEqualTo(noteKey);
  }

  @Test
  void verifierKeysAreChecked() {
    assertThatThrownBy(() -> NoteKey.parseVerifierKey(PETER_VKEY.replace("c74f20a3", "c74f20a4")))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> NoteKey.parseVerifierKey("PeterNeumann+c74f20a3"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NoteKey("has space", new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NoteKey("a+b", new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSignedCheckpointOpensWithItsKeyAndOriginOnly() {
    KeyPair pair = Ed25519Keys.generate();
    String origin = "exportjobs.local/ledger/demo";
    NoteKey key = NoteKey.of(origin, pair.getPublic());
    Checkpoint c = new Checkpoint(origin, 3, TreeHashes.sha256("root"));
    String note = SignedNote.sign(c.text(), key, m -> Ed25519Keys.sign(pair.getPrivate(), m));
    assertThat(Checkpoint.open(note, origin, List.of(key))).isEqualTo(c);
    assertThatThrownBy(() -> Checkpoint.open(note, "exportjobs.local/ledger/acme", List.of(key)))
        .hasMessageContaining("not of exportjobs.local/ledger/acme");
    NoteKey acmeName = NoteKey.of("exportjobs.local/ledger/acme", pair.getPublic());
    assertThatThrownBy(() -> Checkpoint.open(note, origin, List.of(acmeName)))
        .hasMessageContaining("no signature by a known key");
    assertThatThrownBy(() -> Checkpoint.open(note.replace("\n3\n", "\n4\n"), origin, List.of(key)))
        .hasMessageContaining("is invalid");
  }

  @Test
  void checkpointsReadAndWriteTheC2spBody() {
    byte[] root = TreeHashes.emptyRoot();
    Checkpoint c = new Checkpoint("exportjobs.local/ledger/demo", 0, root);
    assertThat(c.text())
        .isEqualTo(
            "exportjobs.local/ledger/demo\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
    assertThat(Checkpoint.parse(c.text())).isEqualTo(c);
    assertThat(Checkpoint.parse("o\n12\n" + Base64.getEncoder().encodeToString(root) + "\next\n"))
        .isEqualTo(new Checkpoint("o", 12, root));
    for (String bad :
        new String[] {
          "o\n012\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
          "o\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
          "o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
          "o\n1\nAAAA\n",
          "o\n1\n",
          "\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
        }) {
      assertThatThrownBy(() -> Checkpoint.parse(bad)).isInstanceOf(ProofException.class);
    }
  }
}
