package io.exportjobs.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real servers of this run are. `make test` starts a Temporal dev server and exports its
 * address; without one these tests are skipped locally and fail in CI, where {@code
 * EXPORTJOBS_REQUIRE_SERVERS=1}.
 */
final class RealServers {

  private RealServers() {}

  static String temporalAddress() {
    return require("EXPORTJOBS_TEST_TEMPORAL_ADDRESS", "a Temporal dev server (run `make test`)");
  }

  static Optional<String> temporalCli() {
    return Optional.ofNullable(System.getenv("EXPORTJOBS_TEST_TEMPORAL_BIN"));
  }

  static String temporalCliRequired() {
    return require("EXPORTJOBS_TEST_TEMPORAL_BIN", "the temporal CLI (run `make test`)");
  }

  private static String require(String variable, String what) {
    String value = System.getenv(variable);
    if (value != null && !value.isBlank()) {
      return value;
    }
    String message = variable + " is not set: these tests need " + what;
    if ("1".equals(System.getenv("EXPORTJOBS_REQUIRE_SERVERS"))) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }
}
