package io.exportjobs.verifier;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.signing.Ed25519Keys;
import io.exportjobs.pack.verify.PackVerification;
import io.exportjobs.pack.verify.PackVerifier;
import io.exportjobs.pack.verify.PublicKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar exportjobs-verify.jar PACK [--key public-key.pem ...] [--previous
 * PACK_OR_CHECKPOINT] [--json]}: verifies an evidence pack or snapshot offline. Exit status 0
 * valid, 1 invalid, 2 usage error.
 */
public final class VerifyPackCommand {

  public static final int VALID = 0;
  public static final int INVALID = 1;
  public static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      usage: java -jar exportjobs-verify.jar PACK [--key public-key.pem ...]
                 [--previous PACK_OR_CHECKPOINT] [--json]

        PACK        an evidence pack or snapshot (.tar.gz or .zip) as downloaded
        --key FILE  PEM public key(s) that may have signed it, as GET /api/v1/signing-keys
                    serves them; a file may hold several; repeat --key for more files
        --previous  the previous pack of an incremental schedule (or its checkpoint file):
                    PACK must start where it ended and prove that the ledger only grew since
        --json      print the result as JSON instead of lines

      Exit status: 0 the pack is valid, 1 it is not, 2 usage error.
      """;

  private VerifyPackCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without {@code System.exit}, for tests. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path pack = null;
    List<Path> keyFiles = new ArrayList<>();
    boolean json = false;
    Path previousFile = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(USAGE_TEXT);
        return USAGE;
      } else if (arg.equals("--json")) {
        json = true;
      } else if (arg.equals("--key")) {
        if (i + 1 >= args.length) {
          return usage(err, "--key needs a file");
        }
        keyFiles.add(Path.of(args[++i]));
      } else if (arg.equals("--previous")) {
        if (i + 1 >= args.length) {
          return usage(err, "--previous needs a file");
        }
        previousFile = Path.of(args[++i]);
      } else if (arg.startsWith("--key=")) {
        keyFiles.add(Path.of(arg.substring("--key=".length())));
      } else if (arg.startsWith("-")) {
        return usage(err, "unknown option " + arg);
      } else if (pack == null) {
        pack = Path.of(arg);
      } else {
        return usage(err, "one PACK at a time");
      }
    }
    if (pack == null) {
      return usage(err, "no PACK given");
    }
    if (!Files.isRegularFile(pack)) {
      return usage(err, pack + " is not a file");
    }
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Path file : keyFiles) {
      try {
        List<PublicKey> parsed =
            Ed25519Keys.parsePublicKeys(Files.readString(file, StandardCharsets.US_ASCII));
        if (parsed.isEmpty()) {
          return usage(err, file + " holds no PEM 'PUBLIC KEY'");
        }
        parsed.forEach(k -> keys.put(Ed25519Keys.keyId(k), k));
      } catch (IOException | IllegalArgumentException e) {
        return usage(err, "cannot read the public key file " + file + ": " + e.getMessage());
      }
    }

    String previous = null;
    if (previousFile != null) {
      try {
        previous = PreviousCheckpoint.read(previousFile);
      } catch (IOException | RuntimeException e) {
        return usage(err, "cannot read --previous " + previousFile + ": " + e.getMessage());
      }
    }
    PackVerification result = PackVerifier.verify(pack, PublicKeys.byId(keys), previous);
    if (json) {
      out.println(Json.write(result));
    } else {
      print(pack, keys.isEmpty(), result, out);
    }
    return result.valid() ? VALID : INVALID;
  }

  private static void print(Path pack, boolean noKeys, PackVerification r, PrintStream out) {
    out.println("pack    " + pack);
    out.println("sha256  " + r.sha256());
    for (PackVerification.Check check : r.checks()) {
      out.printf("%-4s  %-11s %s%n", check.ok() ? "OK" : "FAIL", check.name(), check.detail());
      for (PackVerification.Problem p : r.problems()) {
        if (p.check().equals(check.name())) {
          out.println("        " + p.file() + ": " + p.message());
        }
      }
    }
    if (noKeys) {
      out.println("note: no --key given, so the signature could not be checked");
    }
    out.println(r.valid() ? "VALID" : "INVALID");
  }

  private static int usage(PrintStream err, String message) {
    err.println("exportjobs-verify: " + message);
    err.print(USAGE_TEXT);
    return USAGE;
  }
}
