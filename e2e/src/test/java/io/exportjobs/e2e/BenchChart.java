package io.exportjobs.e2e;

import java.util.List;
import java.util.Locale;

/**
 * The goal table as a bar chart: one bar per figure, its measured ratio on a common scale, a black
 * mark at its goal; green where the goal is met, red where it is not, grey where the figure is only
 * reported. Plain SVG with its own fonts and sizes, readable in any browser.
 */
final class BenchChart {

  private static final int WIDTH = 1180;
  private static final int LABEL = 520;
  private static final int BAR_LEFT = LABEL + 20;
  private static final int BAR_RIGHT = WIDTH - 110;
  private static final int TOP = 92;
  private static final int ROW = 58;
  private static final String MET = "#2e7d32";
  private static final String MISSED = "#c62828";
  private static final String REPORTED = "#78909c";

  private BenchChart() {}

  static String svg(List<BenchReport.Row> rows, String caption) {
    double scale = 1.2;
    for (BenchReport.Row r : rows) {
      if (r.measuredAtAll()) {
        scale = Math.max(scale, r.ratio());
      }
      scale = Math.max(scale, r.goal().target());
    }
    scale = Math.ceil(scale * 1.05 / 0.25) * 0.25;
    int height = TOP + rows.size() * ROW + 50;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"DejaVu Sans, Arial, sans-serif\">%n",
            WIDTH,
            height,
            WIDTH,
            height));
    svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
    text(
        svg,
        20,
        30,
        20,
        "bold",
        "#212121",
        "start",
        "make bench: each figure's ratio against its goal");
    text(
        svg,
        20,
        54,
        13,
        "normal",
        "#424242",
        "start",
        "bar = measured ratio · black mark = goal · green: met · red: missed · grey: reported, no"
            + " threshold");
    for (double tick = 0; tick <= scale + 1e-9; tick += 0.25) {
      double x = x(tick, scale);
      boolean major = Math.abs(tick * 2 - Math.rint(tick * 2)) < 1e-9;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
              x,
              TOP - 8,
              x,
              TOP + rows.size() * ROW,
              major ? "#cfd8dc" : "#eceff1"));
      if (major) {
        text(svg, x, TOP - 14, 12, "normal", "#616161", "middle", fmt(tick));
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      row(svg, rows.get(i), TOP + i * ROW, scale);
    }
    text(svg, 20, height - 16, 12, "normal", "#616161", "start", caption);
    return svg.append("</svg>\n").toString();
  }

  private static void row(StringBuilder svg, BenchReport.Row r, int y, double scale) {
    BenchReport.Goal goal = r.goal();
    text(svg, LABEL, y + 24, 13, "normal", "#212121", "end", goal.figure());
    text(svg, LABEL, y + 42, 12, "normal", "#616161", "end", "goal: " + goal.goal());
    if (!r.measuredAtAll()) {
      text(svg, BAR_LEFT + 6, y + 30, 13, "italic", "#9e9e9e", "start", "not measured");
      return;
    }
    Boolean met = r.met();
    String color = met == null ? REPORTED : met ? MET : MISSED;
    double end = x(Math.min(r.ratio(), scale), scale);
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"26\" fill=\"%s\" rx=\"2\"/>%n",
            BAR_LEFT,
            y + 12,
            Math.max(1, end - BAR_LEFT),
            color));
    double labelAt = end;
    if (goal.direction() != BenchReport.Direction.REPORTED) {
      double g = x(goal.target(), scale);
      labelAt = Math.max(end, g);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\""
                  + " stroke-width=\"3\"/>%n",
              g,
              y + 6,
              g,
              y + 44));
      text(svg, g, y + 55, 11, "normal", "black", "middle", goal.mark());
    }
    String value = String.format(Locale.ROOT, "%.2f", r.ratio());
    text(
        svg,
        labelAt + 8,
        y + 30,
        13,
        "bold",
        color,
        "start",
        value + (met == null ? "" : met ? " ✓ met" : " ✗ missed"));
  }

  private static double x(double value, double scale) {
    return BAR_LEFT + (BAR_RIGHT - BAR_LEFT) * value / scale;
  }

  private static String fmt(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
  }

  private static void text(
      StringBuilder svg,
      double x,
      double y,
      int size,
      String weight,
      String fill,
      String anchor,
      String text) {
    String style =
        weight.equals("italic") ? "font-style=\"italic\"" : "font-weight=\"" + weight + "\"";
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" %s fill=\"%s\" text-anchor=\"%s\">%s</text>%n",
            x,
            y,
            size,
            style,
            fill,
            anchor,
            escape(text)));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
