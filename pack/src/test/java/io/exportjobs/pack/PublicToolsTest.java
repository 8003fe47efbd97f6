package io.exportjobs.pack;

import static io.exportjobs.pack.PackFixtures.headOf;
import static io.exportjobs.pack.PackFixtures.ledger;
import static io.exportjobs.pack.PackFixtures.manifest;
import static io.exportjobs.pack.PackFixtures.writeNdjson;
import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.PackFixtures.TestKey;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.signing.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A pack checked with the tools its README names: tar / unzip, sha256sum, jq, base64, openssl. */
class PublicToolsTest {

  private static final TestKey KEY = TestKey.generate();
  @TempDir Path dir;

  private record Run(int exit, String output) {}

  private Run run(Path workDir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  /**
   * The public tools a user verifies with; `make test` installs them. Missing ones skip the test
   * locally and fail it in CI ({@code EXPORTJOBS_REQUIRE_SERVERS=1}).
   */
  private static void requireTools(String... tools) {
    for (String tool : tools) {
      if (!onPath(tool)) {
        String message = tool + " is not on the PATH: this test runs the public tools";
        if ("1".equals(System.getenv("EXPORTJOBS_REQUIRE_SERVERS"))) {
          org.junit.jupiter.api.Assertions.fail(message);
        }
        org.junit.jupiter.api.Assumptions.abort(message);
      }
    }
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private Path extracted(PackFormat format) throws Exception {
    List<LedgerEntry> ledger = ledger(25);
    Path ndjson = writeNdjson(dir.resolve("in.ndjson"), ledger);
    Path report = Files.writeString(dir.resolve("r.html"), "<!doctype html><p>report</p>\n");
    Path archive = dir.resolve(format == PackFormat.ZIP ? "pack.zip" : "pack.tar.gz");
    EvidencePackWriter.write(
        format,
        ndjson,
        Map.of("report.html", report),
        manifest(PackType.EVIDENCE_PACK, ledger, headOf(ledger)),
        KEY.signer(),
        archive);
    Path out = Files.createDirectories(dir.resolve("out"));
    Run unpack =
        format == PackFormat.ZIP
            ? run(out, "unzip", "-q", archive.toString())
            : run(out, "tar", "xzf", archive.toString());
    assertThat(unpack.exit()).as(unpack.output()).isZero();
    return out;
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void sha256sumChecksTheExtractedPackAndCatchesATamperedFile(PackFormat format) throws Exception {
    requireTools("sha256sum", format == PackFormat.ZIP ? "unzip" : "tar");
    Path out = extracted(format);

    Run ok = run(out, "sha256sum", "-c", "SHA256SUMS");
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("README.txt: OK", "entries.ndjson: OK", "report.html: OK");

    byte[] entries = Files.readAllBytes(out.resolve("entries.ndjson"));
    entries[entries.length / 2] ^= 0x01;
    Files.write(out.resolve("entries.ndjson"), entries);
    Run tampered = run(out, "sha256sum", "-c", "SHA256SUMS");
    assertThat(tampered.exit()).isNotZero();
    assertThat(tampered.output()).contains("entries.ndjson: FAILED");
  }

  @Test
  void theReadmeRecipeVerifiesTheSignatureWithOpenssl() throws Exception {
    requireTools("openssl", "jq", "base64", "tar", "bash");
    Path out = extracted(PackFormat.TAR_GZ);
    Files.writeString(out.resolve("signing-key.pem"), Ed25519Keys.publicKeyPem(KEY.publicKey()));
    String recipe =
        """
        set -e
        jq -r .payload statement.dsse.json | base64 -d | cmp - statement.json
        jq -r '.signatures[0].sig' statement.dsse.json | base64 -d > sig.bin
        { printf 'DSSEv1 28 application/vnd.in-toto+json %d ' "$(wc -c < statement.json)"
          cat statement.json; } > pae.bin
        openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in pae.bin -sigfile sig.bin
        """;
    // the recipe is the one README.txt prints
    String readme = Files.readString(out.resolve("README.txt"));
    assertThat(readme)
        .contains(
            "sha256sum -c SHA256SUMS",
            "openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in pae.bin -sigfile sig.bin",
            "printf 'DSSEv1 28 application/vnd.in-toto+json %d ' \"$(wc -c < statement.json)\"");

    Run ok = run(out, "bash", "-c", recipe);
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("Signature Verified Successfully");

    Files.writeString(
        out.resolve("statement.json"),
        Files.readString(out.resolve("statement.json"))
            .replace("\"tenant\":\"demo\"", "\"tenant\":\"dema\""));
    Run tampered =
        run(
            out,
            "bash",
            "-c",
            recipe.replace(
                "set -e\njq -r .payload statement.dsse.json | base64 -d | cmp - statement.json\n",
                "set -e\n"));
    assertThat(tampered.exit()).isNotZero();
  }
}
