package io.exportjobs.worker.report;

import static io.exportjobs.worker.report.Text.count;
import static io.exportjobs.worker.report.Text.html;
import static io.exportjobs.worker.report.Text.percent;

import java.util.List;

/** The two tables of the HTML report: resource types, and the failures and denials. */
final class ReportTables {

  private ReportTables() {}

  static void resourceTypes(StringBuilder out, AuditSummary summary) {
    List<KeyCount> all = summary.byResourceType();
    List<KeyCount> top = all.subList(0, Math.min(HtmlReport.TOP, all.size()));
    out.append("<section class=\"card\" id=\"resource-types\">\n<h2>Resource types</h2>")
        .append("<p class=\"sub\">The part of <span class=\"mono\">resource</span> before its")
        .append(" first <span class=\"mono\">/</span> or <span class=\"mono\">:</span>");
    if (all.size() > HtmlReport.TOP) {
      out.append("; the ").append(HtmlReport.TOP).append(" busiest of ").append(count(all.size()));
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

  static void flagged(StringBuilder out, AuditSummary summary) {
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
}
