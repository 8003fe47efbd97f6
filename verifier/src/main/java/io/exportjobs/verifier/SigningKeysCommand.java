package io.exportjobs.verifier;

import io.exportjobs.pack.signing.KeysDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -cp exportjobs-verify.jar io.exportjobs.verifier.SigningKeysCommand rotate|init|list
 * KEYS_DIR}: manages a signing keys directory ({@code <data dir>/signing-keys} by default). {@code
 * rotate} makes a new active key (the old public key stays listed, its private key is deleted),
 * {@code init} makes one if there is none, {@code list} prints the key ids, the active one marked
 * with {@code *}. Running workers and apis pick a new key up without a restart. Exit status 0, or 2
 * for a usage error.
 */
public final class SigningKeysCommand {

  static final String USAGE_TEXT =
      "usage: java -cp exportjobs-verify.jar "
          + SigningKeysCommand.class.getName()
          + " rotate|init|list KEYS_DIR\n";

  private SigningKeysCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without {@code System.exit}, for tests. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !List.of("rotate", "init", "list").contains(args[0])) {
      err.print(USAGE_TEXT);
      return VerifyPackCommand.USAGE;
    }
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "rotate" -> out.println("active key: " + KeysDirectory.rotate(dir).keyId());
      case "init" -> out.println("active key: " + KeysDirectory.ensureActiveKey(dir));
      default ->
          new KeysDirectory(dir)
              .listed()
              .forEach(k -> out.println((k.active() ? "* " : "  ") + k.keyId()));
    }
    return 0;
  }
}
