package io.exportjobs.shared.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.shared.json.Digests;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @TempDir Path data;

  private static byte[] message() {
    return "DSSEv1 4 test 5 hello".getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFirstStartGeneratesAPrivateKeyOnlyItsOwnerCanRead() throws IOException {
    SigningKeys keys = SigningKeys.forSigning(new SigningProperties(null, null, null), data);

    Signer signer = keys.active();
    Path dir = data.resolve("signing-keys");
    assertThat(keys.keysDir()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(files(dir))
        .containsExactlyInAnyOrder(
            ".lock", "active", signer.keyId() + ".key.pem", signer.keyId() + ".pub.pem");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(signer.keyId() + ".key.pem"))))
        .isEqualTo("rw-------");

    List<PublicSigningKey> listed = keys.publicKeys();
    assertThat(listed)
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.keyId()).isEqualTo(signer.keyId());
              assertThat(k.algorithm()).isEqualTo("ed25519");
              assertThat(k.active()).isTrue();
              assertThat(k.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
            });
    PublicKey publicKey = keys.publicKey(signer.keyId()).orElseThrow();
    // keyId = SHA-256 of the DER SubjectPublicKeyInfo
    assertThat(signer.keyId()).isEqualTo(Digests.sha256Hex(publicKey.getEncoded())).hasSize(64);
    assertThat(Ed25519Keys.verify(publicKey, message(), signer.sign(message()))).isTrue();

    // a restart keeps the key
    assertThat(
            SigningKeys.forSigning(new SigningProperties(null, null, null), data).active().keyId())
        .isEqualTo(signer.keyId());
  }

  @Test
  void theReadOnlyKeyringNeverGeneratesNorSigns() {
    SigningKeys readOnly = SigningKeys.readOnly(new SigningProperties(null, null, null), data);

    assertThat(readOnly.publicKeys()).isEmpty();
    assertThatThrownBy(readOnly::active).isInstanceOf(IllegalStateException.class);
    assertThat(Files.exists(data.resolve("signing-keys"))).isFalse();

    String id =
        SigningKeys.forSigning(new SigningProperties(null, null, null), data).active().keyId();
    assertThat(readOnly.publicKeys()).extracting(PublicSigningKey::keyId).containsExactly(id);
    assertThat(readOnly.publicKey(id)).isPresent();
    assertThat(readOnly.publicKey("0".repeat(64))).isEmpty();
    assertThat(readOnly.publicKey("../../etc/passwd")).isEmpty();
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
                  SigningKeys.class.getName(),
                  "init",
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
            return SigningKeys.forSigning(SigningProperties.inDirectory(dir), data)
                .active()
                .keyId();
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
    SigningKeys keys =
        SigningKeys.forSigning(SigningProperties.inDirectory(data.resolve("k")), data);
    Signer old = keys.active();
    byte[] oldSignature = old.sign(message());

    PublicSigningKey rotated = SigningKeys.rotate(data.resolve("k"));

    assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
    // the running keyring signs with the new key at once, without a restart
    assertThat(keys.active().keyId()).isEqualTo(rotated.keyId());
    assertThat(keys.publicKeys())
        .extracting(PublicSigningKey::keyId, PublicSigningKey::active)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(rotated.keyId(), true),
            org.assertj.core.groups.Tuple.tuple(old.keyId(), false));
    // what the old key signed still verifies; its private half is gone
    assertThat(
            Ed25519Keys.verify(keys.publicKey(old.keyId()).orElseThrow(), message(), oldSignature))
        .isTrue();
    assertThat(Files.exists(data.resolve("k").resolve(old.keyId() + ".key.pem"))).isFalse();

    // and through the command line
    SigningKeys.main(new String[] {"rotate", data.resolve("k").toString()});
    assertThat(keys.publicKeys()).hasSize(3).filteredOn(PublicSigningKey::active).hasSize(1);
  }

  @Test
  void aConfiguredKeyFileSignsAndRetiredPublicKeyFilesStillVerify() throws IOException {
    KeyPair configured = Ed25519Keys.generate();
    Path keyFile =
        Files.writeString(
            data.resolve("signing.pem"), Ed25519Keys.privateKeyPem(configured.getPrivate()));
    KeyPair retiredA = Ed25519Keys.generate();
    KeyPair retiredB = Ed25519Keys.generate();
    Path retired =
        Files.writeString(
            data.resolve("retired.pem"),
            Ed25519Keys.publicKeyPem(retiredA.getPublic())
                + Ed25519Keys.publicKeyPem(retiredB.getPublic()));

    SigningKeys keys =
        SigningKeys.forSigning(new SigningProperties(keyFile, null, List.of(retired)), data);

    assertThat(keys.active().keyId()).isEqualTo(Ed25519Keys.keyId(configured.getPublic()));
    assertThat(Ed25519Keys.publicKeyOf(configured.getPrivate()).getEncoded())
        .isEqualTo(configured.getPublic().getEncoded());
    assertThat(keys.publicKeys())
        .extracting(PublicSigningKey::keyId)
        .first()
        .isEqualTo(Ed25519Keys.keyId(configured.getPublic()));
    assertThat(keys.publicKey(Ed25519Keys.keyId(retiredA.getPublic()))).isPresent();
    assertThat(keys.publicKey(Ed25519Keys.keyId(retiredB.getPublic()))).isPresent();
    assertThat(Files.exists(data.resolve("signing-keys"))).as("nothing generated").isFalse();
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
