package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A tool no one here wrote tests the api against its own OpenAPI document: Schemathesis with every
 * check ({@code --checks all}: server errors, undeclared statuses, response schemas and headers,
 * content types, valid data refused, invalid data accepted, auth, unsupported methods, stateful use
 * of what POST returns), the admin key of tenant demo, a fixed seed and enough examples to reach
 * every operation, on the real stack (api, worker, Temporal dev server). Zero failures; the JUnit
 * report stays in {@code e2e/target/schemathesis/}.
 */
class SchemathesisE2ETest {

  static final Path REPORT_DIR = Path.of("target", "schemathesis");

  /**
   * The root of artifact target {@code broken}: a regular file, so that a job on that target fails
   * to publish; retry then has a job it takes.
   */
  static final Path BROKEN_STORE = brokenStore();

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.artifacts.targets.broken.path", BROKEN_STORE.toString()));

  private static Path brokenStore() {
    try {
      Path file = Files.createTempFile("exportjobs-schemathesis-broken-store", ".txt");
      Files.writeString(file, "not a directory");
      file.toFile().deleteOnExit();
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A job that failed, the only kind retry takes. */
  private static String failedJob() {
    return job("broken", "failed");
  }

  /** A job of demo on {@code target}, once it is {@code status}. */
  private static String job(String target, String status) {
    Http http = stack.http("dev-demo-admin");
    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "target",
                target,
                "range",
                Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-10-02T00:00:00Z")));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    http.awaitStatus(id, status, java.time.Duration.ofMinutes(2), java.time.Duration.ofMillis(200));
    return id;
  }

  @BeforeAll
  static void requireTheTool() {
    RealServers.schemathesis();
  }

  @Test
  void everyOperationPassesEveryCheck() throws Exception {
    Files.createDirectories(REPORT_DIR);
    Path junit = REPORT_DIR.resolve("junit.xml").toAbsolutePath();
    Path output = REPORT_DIR.resolve("output.txt").toAbsolutePath();
    Files.deleteIfExists(junit);
    Path config = Path.of("src", "test", "resources", "schemathesis.toml").toAbsolutePath();
    String docs = "http://127.0.0.1:" + stack.apiPort + "/v3/api-docs";
    List<String> command =
        List.of(
            RealServers.schemathesis(),
            "--config-file",
            config.toString(),
            "run",
            docs,
            "--checks",
            "all",
            "--report",
            "junit",
            "--report-junit-path",
            junit.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("EXPORTJOBS_SCHEMATHESIS_API_KEY", "dev-demo-admin");
    builder.environment().put("EXPORTJOBS_SCHEMATHESIS_FAILED_JOB", failedJob());
    builder.environment().put("EXPORTJOBS_SCHEMATHESIS_COMPLETED_JOB", job("default", "completed"));
    builder
        .environment()
        .put("EXPORTJOBS_SCHEMATHESIS_COMPLETED_JOB_TO_DELETE", job("default", "completed"));
    builder.environment().put("NO_COLOR", "1");
    // schemathesis_hooks.py: the check that every 400 to valid data names a rule the document
    // cannot state (a custom check; --checks all includes it)
    builder.environment().put("SCHEMATHESIS_HOOKS", "schemathesis_hooks");
    Path checked = REPORT_DIR.resolve("named-refusals.json").toAbsolutePath();
    Files.deleteIfExists(checked);
    builder.environment().put("EXPORTJOBS_SCHEMATHESIS_CHECKED", checked.toString());
    builder
        .environment()
        .put("PYTHONPATH", Path.of("src", "test", "resources").toAbsolutePath().toString());
    Process st = builder.start();
    boolean finished = st.waitFor(25, TimeUnit.MINUTES);
    if (!finished) {
      st.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(finished).as("schemathesis finished in 25 minutes:%n%s", printed).isTrue();
    assertThat(st.exitValue()).as("schemathesis found failures:%n%s", printed).isZero();

    // the report names every operation of the document, and none failed
    Document report =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    NodeList cases = report.getElementsByTagName("testcase");
    Set<String> tested = new TreeSet<>();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      tested.add(c.getAttribute("name"));
      if (c.getElementsByTagName("failure").getLength() > 0
          || c.getElementsByTagName("error").getLength() > 0) {
        failed.add(c.getAttribute("name"));
      }
    }
    assertThat(failed).as("failed operations:%n%s", printed).isEmpty();
    Set<String> operations = operationsOf(docs);
    assertThat(operations).contains("POST /api/v1/exports", "GET /api/v1/exports/{id}/artifact");
    assertThat(tested).containsAll(operations);
    Matcher summary = Pattern.compile("(\\d+) generated, (\\d+) passed").matcher(printed);
    assertThat(summary.find()).as("a summary line in:%n%s", printed).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).isGreaterThan(1_000);
    assertThat(new File(junit.toString())).exists();
    // the custom check ran on every answer (its count is written when Schemathesis exits)
    JsonNode seen = Json.mapper().readTree(checked.toFile());
    System.out.println("named_refusals_only: " + seen);
    assertThat(seen.path("responses").asLong()).isGreaterThan(1_000);
    // every operation got real data: none only ever answered 404 for want of an id, none was left
    // unreached by the stateful phase or fed ids it could not use (the links from POST give ids)
    assertThat(warningsIn(printed))
        .as("operations Schemathesis could not test with real data:%n%s", printed)
        .isEmpty();
  }

  /** What the output's WARNINGS section says about operations that got no usable data. */
  static List<String> warningsIn(String printed) {
    List<String> found = new ArrayList<>();
    for (String signal :
        List.of(
            "Missing test data",
            "never reached",
            "linked data was not usable",
            "stateful testing did not run",
            "No links point to")) {
      if (printed.contains(signal)) {
        found.add(signal);
      }
    }
    return found;
  }

  /** Every operation of the served document, as "METHOD /path". */
  private static Set<String> operationsOf(String docs) {
    JsonNode paths = new Http(docs, "none").getAbsolute(docs).json().get("paths");
    Set<String> operations = new TreeSet<>();
    paths
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return operations;
  }
}
