package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** `make bench`'s report from saved figures: the table, the JSON and the chart agree. */
class BenchReportTest {

  @TempDir Path dir;

  @Test
  void everyGoalIsListedWithItsRatioGoalAndWhetherItIsMet() throws Exception {
    save("export_ndjson", "export 700,000 entries/s; COPY 650,000 rows/s", 1.077, true);
    save("export_csv", "export 500,000 entries/s; COPY 650,000 rows/s", 0.769, true);
    save("worker_heap", "completed: peak 90 MiB", 0.70, true);
    save("concurrent_exports", "50 at once 20 s; one alone 1 s; 49 of 50", 0.4, false);
    save("burst", "0.72 jobs/s", 0.144, true);
    save("ledger_append", "30,000 entries/s appended; COPY FROM 300,000", 0.1, true);
    save("evidence_pack", "pack 8 s; gzip -6 9 s", 0.88, true);
    // rest_vs_sdk was not measured

    String out = run();

    List<String> rows = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.contains(" | ")) {
        rows.add(line);
      }
    }
    assertThat(rows).hasSize(1 + BenchReport.GOALS.size());
    assertThat(row(rows, "ledger/ndjson")).contains("1.08").endsWith("yes");
    assertThat(row(rows, "ledger/csv")).contains("0.77").endsWith("no");
    assertThat(row(rows, "worker heap")).contains("0.70").endsWith("yes");
    assertThat(row(rows, "REST")).contains("not measured").endsWith("not measured");
    assertThat(row(rows, "50 concurrent"))
        .as("a ratio within the goal with a wrong artifact")
        .endsWith("no");
    assertThat(row(rows, "burst")).contains("0.14").endsWith("no");
    assertThat(row(rows, "ledger append")).contains("0.10").endsWith("—");
    assertThat(row(rows, "evidence pack")).contains("0.88").endsWith("yes");

    JsonNode json = Json.mapper().readTree(Files.readString(dir.resolve("results.json")));
    assertThat(json.get("commit").asText()).isEqualTo("abc1234");
    assertThat(json.get("figures")).hasSize(BenchReport.GOALS.size());
    JsonNode first = json.get("figures").get(0);
    assertThat(first.get("id").asText()).isEqualTo("export_ndjson");
    assertThat(first.get("ratio").asDouble()).isEqualTo(1.077);
    assertThat(first.get("target").asDouble()).isEqualTo(0.9);
    assertThat(first.get("met").asBoolean()).isTrue();
    assertThat(json.get("figures").get(3).get("ratio").isNull()).isTrue();
    assertThat(json.get("figures").get(6).get("met").isNull()).isTrue();

    assertThat(Files.readString(dir.resolve("results.md")))
        .contains("| figure | measured | ratio | goal | met |")
        .contains("| 1.08 | ≥ 0.9 | yes |");

    Document svg =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("results.svg").toFile());
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    // the white background and one bar per measured figure
    assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(1 + 7);
    assertThat(Files.readString(dir.resolve("results.svg")))
        .contains("not measured")
        .contains("1.08 ✓")
        .contains("0.77 ✗");
  }

  private void save(String id, String measured, double ratio, boolean ok) throws Exception {
    Path figures = dir.resolve("figures");
    Files.createDirectories(figures);
    Files.writeString(
        figures.resolve(id + ".properties"),
        "measured="
            + measured
            + "\nratio="
            + ratio
            + "\nok="
            + ok
            + "\ndetail=how "
            + id
            + " was measured\n",
        StandardCharsets.ISO_8859_1);
  }

  private String run() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      BenchReport.main(new String[] {dir.toString(), "abc1234", "load 1.0", "load 2.0"});
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static String row(List<String> rows, String figure) {
    return rows.stream()
        .filter(r -> r.contains(figure))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + figure))
        .strip();
  }
}
