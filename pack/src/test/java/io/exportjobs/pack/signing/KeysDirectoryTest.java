package io.exportjobs.pack.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.pack.json.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysDirectoryTest {

  @TempDir Path data;

  private static byte[] message() {
    return "DSSEv1 4 test 5 hello".getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** What another process runs: {@code init DIR}, as the command line does. */
  public static final class Init {
    public static void main(String[] args) {
      System.out.println("active key: " + KeysDirectory.ensureActiveKey(Path.of(args[0])));
    }
  }

  @Test
  void theFirstKeyIsGeneratedWithAPrivateKeyOnlyItsOwnerCanRead() throws IOException {
    Path dir = data.resolve("signing-keys");
    KeysDirectory keys = new KeysDirectory(dir);
    assertThat(keys.activeKeyId()).isEmpty();
    assertThat(keys.publicKeys()).isEmpty();

    String id = KeysDirectory.ensureActiveKey(dir);

    SigningKey signer = keys.activeKey();
    assertThat(signer.keyId()).isEqualTo(id);
    assertThat(keys.path()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(files(dir))
        .containsExactlyInAnyOrder(".lock", "active", id + ".key.pem", id + ".pub.pem");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(id + ".key.pem"))))
        .isEqualTo("rw-------");
    assertThat(keys.listed())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.keyId()).isEqualTo(id);
              assertThat(k.algorithm()).isEqualTo("ed25519");
              assertThat(k.active()).isTrue();
              assertThat(k.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
            });
    PublicKey publicKey = keys.publicKeys().get(0);
    // keyId = SHA-256 of the DER SubjectPublicKeyInfo
    assertThat(id).isEqualTo(Digests.sha256Hex(publicKey.getEncoded())).hasSize(64);
    assertThat(Ed25519Keys.verify(publicKey, message(), signer.sign(message()))).isTrue();

    // a second start keeps the key
    assertThat(KeysDirectory.ensureActiveKey(dir)).isEqualTo(id);
    assertThat(new KeysDirectory(dir).activeKey().keyId()).isEqualTo(id);
  }

  @Test
  void processesAndThreadsStartingTogetherAgreeOnOneKey() throws Exception {
    Path dir = data.resolve("keys");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Init.class.getName(),
                  dir.toString())
              .redirectErrorStream(true)
              .start());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Callable<String> first =
          () -> {
            start.await();
            KeysDirectory.ensureActiveKey(dir);
            return new KeysDirectory(dir).activeKey().keyId();
          };
      threads.add(pool.submit(first));
    }
    start.countDown();
    Set<String> ids = new HashSet<>();
    for (Future<String> f : threads) {
      ids.add(f.get());
    }
    pool.shutdown();
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor()).as(out).isZero();
      assertThat(out).startsWith("active key: ");
      ids.add(out.substring("active key: ".length()));
    }

    assertThat(ids).hasSize(1);
    assertThat(files(dir).stream().filter(f -> f.endsWith(".pem"))).hasSize(2);
  }

  @Test
  void rotationMakesANewActiveKeyAndKeepsTheOldPublicKeyListed() throws IOException {
    Path dir = data.resolve("k");
    KeysDirectory.ensureActiveKey(dir);
    KeysDirectory keys = new KeysDirectory(dir);
    SigningKey old = keys.activeKey();
    byte[] oldSignature = old.sign(message());

    PublicSigningKey rotated = KeysDirectory.rotate(dir);

    assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
    assertThat(rotated.active()).isTrue();
    // the same directory object signs with the new key at once
    assertThat(keys.activeKey().keyId()).isEqualTo(rotated.keyId());
    assertThat(keys.listed())
        .extracting(PublicSigningKey::keyId, PublicSigningKey::active)
        .containsExactly(Tuple.tuple(rotated.keyId(), true), Tuple.tuple(old.keyId(), false));
    // what the old key signed still verifies; its private half is gone
    PublicKey oldPublic =
        keys.publicKeys().stream()
            .filter(k -> Ed25519Keys.keyId(k).equals(old.keyId()))
            .findFirst()
            .orElseThrow();
    assertThat(Ed25519Keys.verify(oldPublic, message(), oldSignature)).isTrue();
    assertThat(Files.exists(dir.resolve(old.keyId() + ".key.pem"))).isFalse();
  }

  @Test
  void aMalformedActiveFileIsRefused() throws IOException {
    Path dir = Files.createDirectories(data.resolve("bad"));
    Files.writeString(dir.resolve("active"), "../../etc/passwd\n");

    assertThatThrownBy(() -> new KeysDirectory(dir).activeKey())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not name a key id");
    assertThat(KeysDirectory.isKeyId("0".repeat(64))).isTrue();
    assertThat(KeysDirectory.isKeyId("../../etc/passwd")).isFalse();
    assertThat(KeysDirectory.isKeyId(null)).isFalse();
  }

  @Test
  void aSigningKeyLoadsFromPemAndDerivesItsPublicHalf() throws IOException {
    KeyPair pair = Ed25519Keys.generate();
    Path file =
        Files.writeString(
            data.resolve("signing.pem"), Ed25519Keys.privateKeyPem(pair.getPrivate()));

    SigningKey key = SigningKey.load(file);

    assertThat(key.keyId()).isEqualTo(Ed25519Keys.keyId(pair.getPublic()));
    assertThat(key.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(Ed25519Keys.verify(pair.getPublic(), message(), key.sign(message()))).isTrue();
    assertThat(key.toString()).doesNotContain("PRIVATE").contains(key.keyId());
  }

  @Test
  void pemRoundTripsAndRejectsOtherKeyTypes() {
    KeyPair pair = Ed25519Keys.generate();
    assertThat(
            Ed25519Keys.parsePrivateKey(Ed25519Keys.privateKeyPem(pair.getPrivate())).getEncoded())
        .isEqualTo(pair.getPrivate().getEncoded());
    assertThat(
            Ed25519Keys.parsePublicKeys(
                "junk\n" + Ed25519Keys.publicKeyPem(pair.getPublic()) + "more junk"))
        .singleElement()
        .satisfies(k -> assertThat(k.getEncoded()).isEqualTo(pair.getPublic().getEncoded()));
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey("nothing here"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Ed25519Keys.parsePublicKeys(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
