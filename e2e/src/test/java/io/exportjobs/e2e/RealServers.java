package io.exportjobs.e2e;

import static org.junit.jupiter.api.Assertions.fail;

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

  /** The dev server's Web UI, e.g. {@code http://127.0.0.1:18233}, without a trailing slash. */
  static String temporalUi() {
    return require("EXPORTJOBS_TEST_TEMPORAL_UI", "the dev server's Web UI (run `make test`)")
        .replaceAll("/+$", "");
  }

  static String temporalCliRequired() {
    return require("EXPORTJOBS_TEST_TEMPORAL_BIN", "the temporal CLI (run `make test`)");
  }

  /** The Go toolchain (`make test` finds it: EXPORTJOBS_TEST_GO), to build the interop checker. */
  static String go() {
    return require("EXPORTJOBS_TEST_GO", "the Go toolchain (run `make test`)");
  }

  /** Debian's chromium and its chromedriver, for the Web UI checks. */
  record Browser(String chromium, String chromedriver) {}

  static Browser browser() {
    return new Browser(
        require("EXPORTJOBS_TEST_CHROMIUM", "headless chromium (run `make test`)"),
        require("EXPORTJOBS_TEST_CHROMEDRIVER", "chromedriver (run `make test`)"));
  }

  /** The PostgreSQL server that `make test` / `make bench` start. */
  record Postgres(String url, String user, String password) {

    void createSchema(String schema) {
      try (var c = java.sql.DriverManager.getConnection(url, user, password);
          var st = c.createStatement()) {
        st.execute("CREATE SCHEMA " + schema);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("cannot create schema " + schema, e);
      }
    }

    void dropSchema(String schema) {
      try (var c = java.sql.DriverManager.getConnection(url, user, password);
          var st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("cannot drop schema " + schema, e);
      }
    }
  }

  static Postgres postgres() {
    return new Postgres(
        require("EXPORTJOBS_TEST_PG_URL", "PostgreSQL (run `make test`)"),
        System.getenv("EXPORTJOBS_TEST_PG_USER"),
        System.getenv("EXPORTJOBS_TEST_PG_PASSWORD"));
  }

  /** The SeaweedFS S3 gateway that `make test` starts; tests create their own buckets. */
  record S3(String endpoint, String accessKey, String secretKey) {}

  static S3 s3() {
    return new S3(
        require("EXPORTJOBS_TEST_S3_ENDPOINT", "an S3 gateway (run `make test`)"),
        System.getenv("EXPORTJOBS_TEST_S3_ACCESS_KEY"),
        System.getenv("EXPORTJOBS_TEST_S3_SECRET_KEY"));
  }

  /** Schemathesis's {@code st}, from the PyPI package `make test` installs into .tools/. */
  static String schemathesis() {
    return require("EXPORTJOBS_TEST_SCHEMATHESIS", "schemathesis (run `make test`)");
  }

  /** The Python of .tools/venv, with the PyPI package standardwebhooks installed. */
  static String toolsPython() {
    return require("EXPORTJOBS_TEST_PYTHON", "Python with standardwebhooks (run `make test`)");
  }

  /** The folder of the cluster that `make test` starts with scripts/cluster.sh. */
  static String clusterDir() {
    return require(
        "EXPORTJOBS_TEST_CLUSTER_DIR", "the cluster of scripts/cluster.sh (run `make test`)");
  }

  /**
   * The port prefix of the cluster that the cluster suite starts itself with {@code make cluster}
   * (ClusterUpE2ETest), beside the one `make test` starts.
   */
  static String clusterUpPrefix() {
    return require(
        "EXPORTJOBS_TEST_CLUSTER_UP_PREFIX", "a port prefix for `make cluster` (run `make test`)");
  }

  /** The folder of that cluster. */
  static String clusterUpDir() {
    return require(
        "EXPORTJOBS_TEST_CLUSTER_UP_DIR", "a folder for `make cluster` (run `make test`)");
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
