package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

  @RegisterExtension static final Stack stack = Stack.perClass(Map.of());

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
    builder.environment().put("NO_COLOR", "1");
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
