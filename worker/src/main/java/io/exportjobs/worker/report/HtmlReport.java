package io.exportjobs.worker.report;

import static io.exportjobs.worker.report.Text.count;
import static io.exportjobs.worker.report.Text.html;
import static io.exportjobs.worker.report.Text.percent;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.TimeRange;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the one-file HTML report: inline CSS and SVG, no script, nothing fetched. */
final class HtmlReport {

  static final int TOP = 10;

  private final AuditSummary summary;
  private final ReportMeta meta;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private HtmlReport(AuditSummary summary, ReportMeta meta) {
    this.summary = summary;
    this.meta = meta;
  }

  static String render(AuditSummary summary, ReportMeta meta) {
    return new HtmlReport(summary, meta).document();
  }

  private String document() {
    String title =
        "Audit report · " + meta.tenant() + (meta.jobId() == null ? "" : " · " + meta.jobId());
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"")
        .append(html(meta.generatorName() + " " + meta.generatorVersion()))
        .append("\">\n")
        .append("<title>")
        .append(html(title))
        .append("</title>\n<style>\n")
        .append(ReportCss.CSS)
        .append("</style>\n</head>\n<body>\n<main class=\"page\">\n");
    header();
    kpis();
    timeline();
    tops();
    ReportTables.resourceTypes(out, summary);
    ReportTables.flagged(out, summary);
    footer();
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  private void header() {
    out.append("<header>\n<p class=\"eyebrow\">Audit report · tenant</p>\n<h1>")
        .append(html(meta.tenant()))
        .append("</h1>\n<dl class=\"meta\">\n");
    row("Job", meta.jobId() == null ? "—" : html(meta.jobId()), true);
    row("Range (UTC)", range(meta.range()), false);
    row("Filters", filters(meta.filters()), false);
    if (summary.total() > 0) {
      row(
          "Entries",
          "seq "
              + count(summary.firstSeq())
              + " to "
              + count(summary.lastSeq())
              + " · occurred "
              + Text.instant(summary.earliestOccurredAt())
              + " to "
              + Text.instant(summary.latestOccurredAt()),
          false);
    }
    out.append("</dl>\n</header>\n");
  }

  private void row(String term, String escapedValue, boolean mono) {
    out.append("<dt>")
        .append(term)
        .append("</dt><dd")
        .append(mono ? " class=\"mono\"" : "")
        .append('>')
        .append(escapedValue)
        .append("</dd>\n");
  }

  private static String range(TimeRange r) {
    if (r.isSeq()) {
      return "<span class=\"mono\">seq "
          + r.firstSeq()
          + "</span> to <span class=\"mono\">"
          + (r.toSeq() == null ? "the head" : "seq " + r.toSeq())
          + "</span> <span class=\"sub\">(from inclusive, to exclusive)</span>";
    }
    String from = r.from() == null ? "the start of the ledger" : Text.instant(r.from());
    String to = r.to() == null ? "the newest entry" : Text.instant(r.to());
    return "<span class=\"mono\">"
        + html(from)
        + "</span> to <span class=\"mono\">"
        + html(to)
        + "</span> <span class=\"sub\">(from inclusive, to exclusive"
        + (r.isRecorded() ? ", on recordedAt" : "")
        + ")</span>";
  }

  private static String filters(ExportFilters f) {
    StringBuilder b = new StringBuilder();
    append(b, "actor", f.actors());
    append(b, "action", f.actions());
    append(b, "resource", f.resources());
    append(b, "outcome", f.outcomes().stream().map(Outcome::wire).toList());
    return b.length() == 0 ? "none (every entry in the range)" : b.toString();
  }

  private static void append(StringBuilder b, String field, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    if (b.length() > 0) {
      b.append(" · ");
    }
    b.append(field)
        .append(" is ")
        .append(
            values.stream()
                .map(v -> "<span class=\"mono\">" + html(v) + "</span>")
                .collect(Collectors.joining(" or ")));
  }

  private void kpis() {
    OutcomeCounts o = summary.outcomes();
    long total = summary.total();
    out.append("<section class=\"kpis\" aria-label=\"Totals\">\n");
    kpi(
        "total",
        "Entries",
        count(total),
        "on " + count(summary.distinctDays()) + (summary.distinctDays() == 1 ? " day" : " days"));
    kpi("success", "Success", count(o.success()), percent(o.success(), total));
    kpi("failure", "Failure", count(o.failure()), percent(o.failure(), total));
    kpi("denied", "Denied", count(o.denied()), percent(o.denied(), total));
    kpi("keys", "Actors", count(summary.distinctActors()), "distinct");
    kpi("keys", "Actions", count(summary.distinctActions()), "distinct");
    out.append("</section>\n");
  }

  private void kpi(String kind, String label, String value, String note) {
    out.append("<div class=\"kpi ")
        .append(kind)
        .append("\"><div class=\"label\">")
        .append(label)
        .append("</div><div class=\"value\" data-kpi=\"")
        .append(label.toLowerCase(java.util.Locale.ROOT))
        .append("\">")
        .append(value)
        .append("</div><div class=\"note\">")
        .append(note)
        .append("</div></div>\n");
  }

  private void legend() {
    out.append("<ul class=\"legend\">");
    for (int i = 0; i < 3; i++) {
      out.append("<li>").append(Svg.swatch(i)).append(Svg.NAMES[i]).append("</li>");
    }
    out.append("</ul>");
  }

  private void timeline() {
    Timeline t = Timeline.of(summary.byDay(), meta.range());
    out.append("<section class=\"card\" id=\"events-per-day\">\n<div class=\"card-head\"><div><h2>")
        .append("Events ")
        .append(t.granularity.per)
        .append("</h2><p class=\"sub\">By the UTC day of <span class=\"mono\">occurredAt</span>,")
        .append(" stacked by outcome");
    if (t.granularity != Timeline.Granularity.DAY) {
      out.append("; grouped ")
          .append(t.granularity.per)
          .append(" to fit ")
          .append(count(t.buckets.size()))
          .append(" bars");
    }
    out.append("</p></div>");
    legend();
    out.append("</div>\n");
    Svg.timeline(out, t);
    out.append("\n</section>\n");
  }

  private void tops() {
    out.append("<div class=\"grid2\">\n");
    top("top-actions", "Top actions", summary.byAction(), "actions");
    top("top-actors", "Top actors", summary.byActor(), "actors");
    out.append("</div>\n");
  }

  private void top(String id, String title, List<KeyCount> all, String noun) {
    List<KeyCount> top = all.subList(0, Math.min(TOP, all.size()));
    out.append("<section class=\"card\" id=\"")
        .append(id)
        .append("\">\n<h2>")
        .append(title)
        .append("</h2><p class=\"sub\">");
    if (all.isEmpty()) {
      out.append("None in this range");
    } else if (all.size() > TOP) {
      out.append("The ")
          .append(TOP)
          .append(" with the most entries, of ")
          .append(count(all.size()))
          .append(' ')
          .append(noun);
    } else {
      out.append("All ")
          .append(count(all.size()))
          .append(' ')
          .append(noun)
          .append(", most entries first");
    }
    out.append(all.isEmpty() ? "</p>\n" : "; stacked by outcome</p>\n");
    Svg.topBars(out, id, title, top);
    out.append("\n</section>\n");
  }

  private void footer() {
    out.append("<footer>\n<p>Ledger head when the entries were read: ");
    if (meta.ledgerHead() == null) {
      out.append("not recorded");
    } else {
      out.append("seq <span class=\"mono\">")
          .append(meta.ledgerHead().seq())
          .append("</span>, hash <span class=\"mono wrap\">")
          .append(html(meta.ledgerHead().hash()))
          .append("</span>");
    }
    out.append(".</p>\n<p>Counts are exact and cover ")
        .append(count(summary.total()))
        .append(" entries. Times are UTC; the range includes its start and excludes its end.")
        .append(" Generated by <span class=\"mono\">")
        .append(html(meta.generatorName()))
        .append(' ')
        .append(html(meta.generatorVersion()))
        .append("</span>.</p>\n</footer>\n");
  }
}
