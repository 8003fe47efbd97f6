package io.exportjobs.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * `make bench`'s report: reads the figures the benchmarks saved ({@code <bench dir>/figures/<id>
 * .properties}: {@code measured}, {@code ratio}, {@code ok}, {@code detail}), prints one table with
 * every figure of issue 16's goal table, its ratio and its goal, and writes it as {@code
 * results.json}, {@code results.md} and a chart, {@code results.svg}. A figure no benchmark saved
 * is listed as not measured. Plain JDK, so that scripts/bench.sh runs it with {@code java -cp}.
 *
 * <p>Usage: {@code BenchReport <bench dir> <commit> <load before> <load after>}
 */
public final class BenchReport {

  /** Which way a ratio must go to meet its goal. */
  enum Direction {
    AT_LEAST,
    AT_MOST,
    REPORTED
  }

  /** A row of the goal table: what is measured, and its goal. */
  record Goal(
      String id, String figure, String goal, double target, Direction direction, String mark) {}

  static final List<Goal> GOALS =
      List.of(
          new Goal(
              "export_ndjson",
              "ledger/ndjson export ÷ COPY TO STDOUT, 5M entries, PostgreSQL",
              "≥ 0.9",
              0.9,
              Direction.AT_LEAST,
              "≥ 0.9"),
          new Goal(
              "export_csv",
              "ledger/csv export ÷ COPY TO STDOUT, 5M entries, PostgreSQL",
              "≥ 0.9",
              0.9,
              Direction.AT_LEAST,
              "≥ 0.9"),
          new Goal(
              "worker_heap",
              "worker heap for those exports: peak in use ÷ -Xmx128m",
              "succeeds under -Xmx128m",
              1.0,
              Direction.AT_MOST,
              "≤ 1 (128 MiB)"),
          new Goal(
              "rest_vs_sdk",
              "REST POST /exports ÷ WorkflowClient.start, 500 jobs, 8 callers",
              "≥ 0.9",
              0.9,
              Direction.AT_LEAST,
              "≥ 0.9"),
          new Goal(
              "concurrent_exports",
              "50 concurrent 100k-entry exports, -Xmx256m: total ÷ (50 × one alone)",
              "≤ 0.6, all byte-correct",
              0.6,
              Direction.AT_MOST,
              "≤ 0.6"),
          new Goal(
              "burst",
              "burst of 100 one-entry jobs, max active 4: jobs/s ÷ 5",
              "≥ 5 jobs/s",
              1.0,
              Direction.AT_LEAST,
              "≥ 1 (5 jobs/s)"),
          new Goal(
              "ledger_append",
              "ledger append, 10k batches, 8 appenders ÷ COPY FROM, PostgreSQL",
              "reported",
              0,
              Direction.REPORTED,
              ""),
          new Goal(
              "evidence_pack",
              "evidence pack ÷ gzip -6 of its entries.ndjson, 1M entries (time)",
              "≤ 1.0",
              1.0,
              Direction.AT_MOST,
              "≤ 1"));

  /** A goal with what was measured for it; {@code ratio} is NaN when nothing was. */
  record Row(Goal goal, String measured, double ratio, boolean ok, String detail) {

    boolean measuredAtAll() {
      return !Double.isNaN(ratio);
    }

    /** True, false, or null for a figure that is only reported (no threshold). */
    Boolean met() {
      if (!measuredAtAll()) {
        return false;
      }
      if (goal.direction == Direction.REPORTED) {
        return null;
      }
      boolean within =
          goal.direction == Direction.AT_LEAST ? ratio >= goal.target : ratio <= goal.target;
      return ok && within;
    }

    String metText() {
      Boolean met = met();
      if (!measuredAtAll()) {
        return "not measured";
      }
      return met == null ? "—" : met ? "yes" : "no";
    }
  }

  private BenchReport() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    String commit = args.length > 1 ? args[1] : "";
    String loadBefore = args.length > 2 ? args[2] : "";
    String loadAfter = args.length > 3 ? args[3] : "";
    List<Row> rows = read(dir.resolve("figures"));
    String table = table(rows);
    System.out.print(table);
    Files.writeString(
        dir.resolve("results.json"),
        json(rows, commit, loadBefore, loadAfter),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("results.md"),
        markdown(rows, commit, loadBefore, loadAfter),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("results.svg"),
        BenchChart.svg(rows, "commit " + commit + " · load before: " + loadBefore),
        StandardCharsets.UTF_8);
  }

  static List<Row> read(Path figures) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Goal goal : GOALS) {
      Path file = figures.resolve(goal.id + ".properties");
      if (!Files.exists(file)) {
        rows.add(new Row(goal, "not measured", Double.NaN, false, ""));
        continue;
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      rows.add(
          new Row(
              goal,
              p.getProperty("measured", ""),
              Double.parseDouble(p.getProperty("ratio", "NaN")),
              Boolean.parseBoolean(p.getProperty("ok", "true")),
              p.getProperty("detail", "")));
    }
    return rows;
  }

  static String ratio(Row row) {
    return row.measuredAtAll() ? String.format(Locale.ROOT, "%.2f", row.ratio) : "—";
  }

  static String table(List<Row> rows) {
    int figure = "figure".length();
    int measured = "measured".length();
    int goal = "goal".length();
    for (Row r : rows) {
      figure = Math.max(figure, r.goal.figure.length());
      measured = Math.max(measured, r.measured.length());
      goal = Math.max(goal, r.goal.goal.length());
    }
    String format = "%-" + figure + "s | %-" + measured + "s | %6s | %-" + goal + "s | %s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, format, "figure", "measured", "ratio", "goal", "met"));
    out.append("-".repeat(figure + measured + goal + 25)).append('\n');
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT, format, r.goal.figure, r.measured, ratio(r), r.goal.goal, r.metText()));
    }
    for (Row r : rows) {
      if (!r.detail.isBlank()) {
        out.append("  ").append(r.goal.id).append(": ").append(r.detail).append('\n');
      }
    }
    return out.toString();
  }

  static String markdown(List<Row> rows, String commit, String loadBefore, String loadAfter) {
    StringBuilder out = new StringBuilder();
    out.append("Commit `")
        .append(commit)
        .append("`; load before: `")
        .append(loadBefore)
        .append("`; after: `")
        .append(loadAfter)
        .append("`.\n\n");
    out.append("| figure | measured | ratio | goal | met |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      out.append("| ")
          .append(String.join(" | ", r.goal.figure, r.measured, ratio(r), r.goal.goal, r.metText()))
          .append(" |\n");
    }
    out.append('\n');
    for (Row r : rows) {
      if (!r.detail.isBlank()) {
        out.append("- `").append(r.goal.id).append("`: ").append(r.detail).append('\n');
      }
    }
    return out.toString();
  }

  static String json(List<Row> rows, String commit, String loadBefore, String loadAfter) {
    StringBuilder out = new StringBuilder("{\n");
    out.append("  \"commit\": ").append(quote(commit)).append(",\n");
    out.append("  \"loadBefore\": ").append(quote(loadBefore)).append(",\n");
    out.append("  \"loadAfter\": ").append(quote(loadAfter)).append(",\n");
    out.append("  \"figures\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      Boolean met = r.met();
      out.append("    {\"id\": ")
          .append(quote(r.goal.id))
          .append(", \"figure\": ")
          .append(quote(r.goal.figure))
          .append(", \"measured\": ")
          .append(quote(r.measured))
          .append(", \"ratio\": ")
          .append(r.measuredAtAll() ? String.format(Locale.ROOT, "%.4f", r.ratio) : "null")
          .append(", \"goal\": ")
          .append(quote(r.goal.goal))
          .append(", \"target\": ")
          .append(r.goal.direction == Direction.REPORTED ? "null" : r.goal.target)
          .append(", \"direction\": ")
          .append(quote(r.goal.direction.name().toLowerCase(Locale.ROOT)))
          .append(", \"met\": ")
          .append(met == null ? "null" : met.toString())
          .append(", \"detail\": ")
          .append(quote(r.detail))
          .append(i + 1 < rows.size() ? "},\n" : "}\n");
    }
    return out.append("  ]\n}\n").toString();
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
