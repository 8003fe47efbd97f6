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

  private static final String CSS =
      """
      :root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#eef1f4;--bg:#f6f8fa;\
      --success:#0072B2;--failure:#D55E00;--denied:#E69F00}
      *{box-sizing:border-box}
      html{-webkit-text-size-adjust:100%}
      body{margin:0;background:var(--bg);color:var(--fg);\
      font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",\
      "Liberation Sans",sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
      .page{max-width:1120px;margin:0 auto;padding:32px 28px 40px}
      .eyebrow{margin:0;text-transform:uppercase;font-size:12px;letter-spacing:.08em;\
      color:var(--muted);font-weight:600}
      h1{font-size:28px;line-height:1.25;font-weight:650;margin:2px 0 0;letter-spacing:-.01em;\
      overflow-wrap:anywhere}
      h2{font-size:16px;line-height:1.3;margin:0;font-weight:650}
      .sub{color:var(--muted);font-size:13px;margin:2px 0 12px}
      dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 20px;margin:16px 0 0}
      dl.meta dt{color:var(--muted)}
      dl.meta dd{margin:0;overflow-wrap:anywhere}
      .kpis{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px;margin:24px 0 16px}
      .kpi{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;\
      border-top-width:3px}
      .kpi.total{border-top-color:var(--fg)}
      .kpi.success{border-top-color:var(--success)}
      .kpi.failure{border-top-color:var(--failure)}
      .kpi.denied{border-top-color:var(--denied)}
      .kpi.keys{border-top-color:var(--line)}
      .kpi .label{font-size:12px;color:var(--muted);font-weight:600}
      .kpi .value{font-size:24px;line-height:1.3;font-weight:650;font-variant-numeric:tabular-nums}
      .kpi .note{font-size:12px;color:var(--muted);font-variant-numeric:tabular-nums}
      .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px 14px;\
      margin:0 0 16px;break-inside:avoid}
      .card-head{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;\
      flex-wrap:wrap}
      .grid2{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
      .grid2 .card{margin:0 0 16px}
      .legend{display:flex;gap:16px;margin:0;padding:0;list-style:none;font-size:13px}
      .legend li{display:flex;align-items:center;gap:6px}
      svg.chart{display:block;width:100%;height:auto;overflow:visible}
      svg.chart.bars{overflow:hidden}
      svg.chart text{font-family:inherit;font-size:12px;fill:var(--muted);\
      font-variant-numeric:tabular-nums}
      svg.chart text.label{fill:var(--fg)}
      svg.chart text.value{fill:var(--fg);font-weight:600}
      svg.chart text.axis-title{font-weight:600}
      svg.chart text.empty{font-size:14px}
      table{width:100%;border-collapse:collapse;font-size:13px}
      th{text-align:left;font-weight:600;color:var(--muted);border-bottom:1px solid var(--line);\
      padding:6px 10px;white-space:nowrap}
      td{border-bottom:1px solid var(--soft);padding:6px 10px;vertical-align:top}
      tbody tr:nth-child(even){background:#fafbfc}
      th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",\
      monospace;font-size:12px}
      .wrap{overflow-wrap:anywhere}
      .badge{display:inline-flex;align-items:center;gap:5px;font-size:12px;font-weight:600;\
      white-space:nowrap}
      .note-row{color:var(--muted);font-size:13px;margin:10px 0 0}
      .none{color:var(--muted);margin:8px 0 4px}
      footer{color:var(--muted);font-size:12px;margin-top:8px;border-top:1px solid var(--line);\
      padding-top:12px}
      footer p{margin:2px 0}
      @media (max-width:820px){.kpis{grid-template-columns:repeat(3,minmax(0,1fr))}\
      .grid2{grid-template-columns:1fr}svg.chart.bars{max-width:560px}}
      @page{size:A4;margin:14mm 12mm}
      @media print{body{background:#fff;font-size:11px}.page{max-width:none;padding:0}\
      .kpi,.card{border-color:#c8ced4}.card{padding:10px 12px}\
      .kpis{grid-template-columns:repeat(6,minmax(0,1fr));gap:8px}.kpi .value{font-size:18px}\
      .grid2{grid-template-columns:1fr}svg.chart.bars{max-width:560px}\
      thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}\
      .card.table{break-inside:auto}}
      """;

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
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<main class=\"page\">\n");
    header();
    kpis();
    timeline();
    tops();
    resourceTypes();
    flagged();
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

  private void resourceTypes() {
    List<KeyCount> all = summary.byResourceType();
    List<KeyCount> top = all.subList(0, Math.min(TOP, all.size()));
    out.append("<section class=\"card\" id=\"resource-types\">\n<h2>Resource types</h2>")
        .append("<p class=\"sub\">The part of <span class=\"mono\">resource</span> before its")
        .append(" first <span class=\"mono\">/</span> or <span class=\"mono\">:</span>");
    if (all.size() > TOP) {
      out.append("; the ").append(TOP).append(" busiest of ").append(count(all.size()));
    }
    out.append("</p>\n");
    if (top.isEmpty()) {
      out.append("<p class=\"none\">No entries in this range.</p>\n</section>\n");
      return;
    }
    out.append("<table><thead><tr><th>Resource type</th><th class=\"num\">Entries</th>")
        .append("<th class=\"num\">Success</th><th class=\"num\">Failure</th>")
        .append("<th class=\"num\">Denied</th><th class=\"num\">Share</th></tr></thead><tbody>\n");
    for (KeyCount k : top) {
      OutcomeCounts c = k.counts();
      out.append("<tr><td class=\"mono wrap\">")
          .append(k.key().isEmpty() ? "(empty)" : html(k.key()))
          .append("</td><td class=\"num\">")
          .append(count(c.total()))
          .append("</td><td class=\"num\">")
          .append(count(c.success()))
          .append("</td><td class=\"num\">")
          .append(count(c.failure()))
          .append("</td><td class=\"num\">")
          .append(count(c.denied()))
          .append("</td><td class=\"num\">")
          .append(percent(c.total(), summary.total()))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n</section>\n");
  }

  private void flagged() {
    List<FlaggedEntry> rows = summary.flagged();
    long total = summary.flaggedTotal();
    out.append("<section class=\"card table\" id=\"failures-and-denials\">\n")
        .append("<h2>Failures and denials</h2><p class=\"sub\">")
        .append(count(total))
        .append(total == 1 ? " entry" : " entries")
        .append(" with outcome <span class=\"mono\">failure</span> or")
        .append(" <span class=\"mono\">denied</span>");
    if (rows.size() < total) {
      out.append("; the first ")
          .append(count(rows.size()))
          .append(" by seq are listed (the JSON and the ledger export have all of them)");
    }
    out.append("</p>\n");
    if (rows.isEmpty()) {
      out.append("<p class=\"none\">")
          .append(total == 0 ? "None in this range." : "Listing is turned off.")
          .append("</p>\n</section>\n");
      return;
    }
    out.append("<table><thead><tr><th class=\"num\">Seq</th><th>Occurred at (UTC)</th>")
        .append("<th>Actor</th><th>Action</th><th>Resource</th><th>Outcome</th></tr></thead>")
        .append("<tbody>\n");
    for (FlaggedEntry e : rows) {
      out.append("<tr><td class=\"num mono\">")
          .append(e.seq())
          .append("</td><td class=\"mono\" style=\"white-space:nowrap\">")
          .append(Text.instant(e.occurredAt()))
          .append("</td><td class=\"wrap\">")
          .append(html(e.actor()))
          .append("</td><td class=\"mono wrap\">")
          .append(html(e.action()))
          .append("</td><td class=\"mono wrap\">")
          .append(html(e.resource()))
          .append("</td><td><span class=\"badge\">")
          .append(Svg.swatch(e.outcome().ordinal()))
          .append(e.outcome().wire())
          .append("</span></td></tr>\n");
    }
    out.append("</tbody></table>\n");
    if (rows.size() < total) {
      out.append("<p class=\"note-row\">")
          .append(count(total - rows.size()))
          .append(" more not listed.</p>\n");
    }
    out.append("</section>\n");
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
