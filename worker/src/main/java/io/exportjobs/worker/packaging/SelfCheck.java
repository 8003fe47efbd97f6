package io.exportjobs.worker.packaging;

import io.exportjobs.pack.verify.PackVerification;
import io.exportjobs.pack.verify.PackVerifier;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.worker.ActivityFailures;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A pack checked as its reader will check it, before it is published: what the ledger holds must
 * prove itself. An entry changed in the database behind the service's back (its contents no longer
 * match its hash, or its hash no longer matches the tree) fails the job with {@value
 * #LEDGER_INCONSISTENT}, naming the checks that failed, instead of publishing a pack that does not
 * verify.
 */
final class SelfCheck {

  static final String LEDGER_INCONSISTENT = "ledger_inconsistent";

  private SelfCheck() {}

  static void requireValid(Path pack, SigningKeys keys) {
    PackVerification result = PackVerifier.verify(pack, keys.trusted());
    if (!result.valid()) {
      throw ActivityFailures.nonRetryable(
          LEDGER_INCONSISTENT,
          "the ledger does not prove the pack: "
              + result.problems().stream()
                  .limit(5)
                  .map(p -> p.check() + ": " + p.file() + " " + p.message())
                  .collect(Collectors.joining("; ")));
    }
  }
}
