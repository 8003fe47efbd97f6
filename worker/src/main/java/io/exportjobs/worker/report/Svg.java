package io.exportjobs.worker.report;

import static io.exportjobs.worker.report.Text.count;
import static io.exportjobs.worker.report.Text.html;
import static io.exportjobs.worker.report.Text.num;

import io.exportjobs.pack.ledger.Outcome;
import java.util.List;

/** The report's inline SVG charts: plain shapes and text, no script, no external references. */
final class Svg {

  /** Okabe–Ito colours: told apart with every common colour-vision deficiency. */
  static final String[] COLOURS = {"#0072B2", "#D55E00", "#E69F00"};

  static final String[] NAMES = {"Success", "Failure", "Denied"};

  private static final String AXIS = "#59636e";
  private static final String GRID = "#e4e8ec";

  private Svg() {}

  static String colour(Outcome o) {
    return COLOURS[o.ordinal()];
  }

  /** Events per bucket, stacked success / failure / denied from the baseline up. */
  static void timeline(StringBuilder out, Timeline timeline) {
    final double w = 1000;
    final double h = 320;
    final double left = 64;
    final double right = 12;
    final double top = 14;
    final double bottom = 52;
    final double plotW = w - left - right;
    final double plotH = h - top - bottom;
    final double baseline = top + plotH;
    List<Timeline.Bucket> buckets = timeline.buckets;
    long max = 0;
    for (Timeline.Bucket b : buckets) {
      max = Math.max(max, b.total());
    }
    long[] ticks = ticks(max);
    long yMax = ticks[ticks.length - 1];
    out.append("<svg class=\"chart timeline\" viewBox=\"0 0 ")
        .append(num(w))
        .append(' ')
        .append(num(h))
        .append("\" role=\"img\" aria-labelledby=\"timeline-title\">")
        .append("<title id=\"timeline-title\">Entries ")
        .append(timeline.granularity.per)
        .append(", stacked by outcome</title>");
    // horizontal grid and y labels
    for (long t : ticks) {
      double y = baseline - plotH * t / yMax;
      out.append("<line x1=\"")
          .append(num(left))
          .append("\" x2=\"")
          .append(num(w - right))
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\" stroke=\"")
          .append(t == 0 ? AXIS : GRID)
          .append("\" stroke-width=\"1\" shape-rendering=\"crispEdges\"/>");
      out.append("<text class=\"tick\" x=\"")
          .append(num(left - 8))
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(count(t))
          .append("</text>");
    }
    out.append("<text class=\"axis-title\" transform=\"translate(14 ")
        .append(num(top + plotH / 2))
        .append(") rotate(-90)\" text-anchor=\"middle\">Entries</text>");
    out.append("<text class=\"axis-title\" x=\"")
        .append(num(left + plotW / 2))
        .append("\" y=\"")
        .append(num(h - 6))
        .append("\" text-anchor=\"middle\">")
        .append(timeline.granularity.axisTitle)
        .append("</text>");
    int n = buckets.size();
    if (n == 0 || max == 0) {
      out.append("<text class=\"empty\" x=\"")
          .append(num(left + plotW / 2))
          .append("\" y=\"")
          .append(num(top + plotH / 2))
          .append("\" text-anchor=\"middle\">No entries in this range</text>");
    }
    double slot = n == 0 ? plotW : plotW / n;
    double gap = n <= 31 ? slot * 0.3 : n <= 120 ? slot * 0.18 : n <= 200 ? slot * 0.1 : 0;
    // dense bars touch; a little overlap keeps rounding from leaving hairline gaps between them
    double barW = gap == 0 ? slot + 0.6 : slot - gap;
    out.append("<g class=\"bars\" shape-rendering=\"crispEdges\">");
    for (int i = 0; i < n; i++) {
      Timeline.Bucket b = buckets.get(i);
      double x = left + i * slot + gap / 2;
      double y = baseline;
      for (int o = 0; o < 3; o++) {
        long c = b.counts()[o];
        if (c == 0) {
          continue;
        }
        double segment = plotH * c / yMax;
        y -= segment;
        out.append("<rect x=\"")
            .append(num(x))
            .append("\" y=\"")
            .append(num(y))
            .append("\" width=\"")
            .append(num(barW))
            .append("\" height=\"")
            .append(num(segment))
            .append("\" fill=\"")
            .append(COLOURS[o])
            .append("\"><title>")
            .append(bucketName(timeline, b))
            .append(": ")
            .append(count(c))
            .append(' ')
            .append(NAMES[o].toLowerCase(java.util.Locale.ROOT))
            .append("</title></rect>");
      }
    }
    out.append("</g>");
    // x labels with a tick each
    for (int i = 0; i < n; i++) {
      String label = buckets.get(i).label();
      if (label == null) {
        continue;
      }
      double x = left + i * slot + slot / 2;
      out.append("<line x1=\"")
          .append(num(x))
          .append("\" x2=\"")
          .append(num(x))
          .append("\" y1=\"")
          .append(num(baseline))
          .append("\" y2=\"")
          .append(num(baseline + 5))
          .append("\" stroke=\"")
          .append(AXIS)
          .append("\"/>");
      out.append("<text class=\"tick\" x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(num(baseline + 19))
          .append("\" text-anchor=\"middle\">")
          .append(html(label))
          .append("</text>");
    }
    out.append("</svg>");
  }

  private static String bucketName(Timeline timeline, Timeline.Bucket b) {
    return switch (timeline.granularity) {
      case DAY -> b.start().toString();
      case WEEK -> "week of " + b.start();
      case MONTH -> b.start().toString().substring(0, 7);
    };
  }

  /** Horizontal bars for the busiest keys, each stacked by outcome, its total at its end. */
  static void topBars(StringBuilder out, String id, String title, List<KeyCount> top) {
    final double w = 520;
    final double rowH = 26;
    final double top0 = 6;
    final double labelW = 176;
    final double barX = labelW + 10;
    final double countW = 60;
    final double barMax = w - barX - countW - 8;
    int rows = top.size();
    double h = rows == 0 ? 80 : top0 * 2 + rows * rowH;
    out.append("<svg class=\"chart bars\" viewBox=\"0 0 ")
        .append(num(w))
        .append(' ')
        .append(num(h))
        .append("\" role=\"img\" aria-labelledby=\"")
        .append(id)
        .append("-title\"><title id=\"")
        .append(id)
        .append("-title\">")
        .append(html(title))
        .append("</title>");
    if (rows == 0) {
      out.append("<text class=\"empty\" x=\"")
          .append(num(w / 2))
          .append("\" y=\"44\" text-anchor=\"middle\">No entries in this range</text></svg>");
      return;
    }
    long max = top.get(0).counts().total();
    for (int r = 0; r < rows; r++) {
      KeyCount k = top.get(r);
      double y = top0 + r * rowH;
      double barY = y + 5;
      double barH = rowH - 10;
      out.append("<g class=\"row\"><title>")
          .append(html(k.key()))
          .append(": ")
          .append(count(k.counts().total()))
          .append(" (")
          .append(count(k.counts().success()))
          .append(" success, ")
          .append(count(k.counts().failure()))
          .append(" failure, ")
          .append(count(k.counts().denied()))
          .append(" denied)</title>");
      out.append("<text class=\"label\" x=\"")
          .append(num(labelW))
          .append("\" y=\"")
          .append(num(y + rowH / 2 + 4))
          .append("\" text-anchor=\"end\">")
          .append(html(Text.truncate(k.key().isEmpty() ? "(empty)" : k.key(), 24)))
          .append("</text>");
      // the bar's track, so that short bars still read as part of a scale
      out.append("<rect x=\"")
          .append(num(barX))
          .append("\" y=\"")
          .append(num(barY))
          .append("\" width=\"")
          .append(num(barMax))
          .append("\" height=\"")
          .append(num(barH))
          .append("\" fill=\"#f2f4f6\"/>");
      double x = barX;
      long[] c = {k.counts().success(), k.counts().failure(), k.counts().denied()};
      for (int o = 0; o < 3; o++) {
        if (c[o] == 0) {
          continue;
        }
        double segment = barMax * c[o] / max;
        out.append("<rect x=\"")
            .append(num(x))
            .append("\" y=\"")
            .append(num(barY))
            .append("\" width=\"")
            .append(num(segment))
            .append("\" height=\"")
            .append(num(barH))
            .append("\" fill=\"")
            .append(COLOURS[o])
            .append("\"/>");
        x += segment;
      }
      out.append("<text class=\"value\" x=\"")
          .append(num(w - 4))
          .append("\" y=\"")
          .append(num(y + rowH / 2 + 4))
          .append("\" text-anchor=\"end\">")
          .append(count(k.counts().total()))
          .append("</text></g>");
    }
    out.append("</svg>");
  }

  /** A small square in an outcome's colour, for legends and badges that must print. */
  static String swatch(int outcome) {
    return "<svg class=\"swatch\" viewBox=\"0 0 10 10\" width=\"10\" height=\"10\""
        + " aria-hidden=\"true\"><rect width=\"10\" height=\"10\" rx=\"2\" fill=\""
        + COLOURS[outcome]
        + "\"/></svg>";
  }

  /** 0 and 3 to 6 round steps (1, 2 or 5 × 10^k) whose last is at least {@code max}. */
  static long[] ticks(long max) {
    if (max <= 0) {
      return new long[] {0, 1};
    }
    long step = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        long s = step * m;
        if ((max + s - 1) / s <= 5) {
          int k = (int) ((max + s - 1) / s);
          long[] ticks = new long[k + 1];
          for (int i = 0; i <= k; i++) {
            ticks[i] = i * s;
          }
          return ticks;
        }
      }
      step *= 10;
    }
  }
}
