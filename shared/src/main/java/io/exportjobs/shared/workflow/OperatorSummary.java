package io.exportjobs.shared.workflow;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What an operator reads about a job's workflow without opening its input: the memo {@code summary}
 * (a column in {@code temporal workflow list} and the Web UI) and the Web UI's "summary" and
 * "details" (Temporal user metadata). One line, fields separated by {@code " · "}, e.g. {@code demo
 * · ledger/ndjson · 2026-10-01T00:00Z..2026-11-01T00:00Z · by dev-demo-writer}.
 */
public final class OperatorSummary {

  static final String SEPARATOR = " · ";
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private OperatorSummary() {}

  /** The job's line: tenant, type/format, range, requester and, after a retry, the attempt. */
  public static String of(ExportRequest r) {
    StringJoiner line = new StringJoiner(SEPARATOR);
    line.add(r.tenant());
    line.add(r.type().wire() + "/" + r.format().wire());
    line.add(time(r.range().from()) + ".." + time(r.range().to()));
    line.add("by " + r.requestedBy());
    if (r.attempt() > 1) {
      line.add("attempt " + r.attempt());
    }
    return line.toString();
  }

  /**
   * The line of a schedule's runs: the range of each run is known only when it runs, so the line
   * names the cron and the window instead.
   */
  public static String ofSchedule(
      ExportRequest template, String cron, String timezone, String window, String scheduleId) {
    StringJoiner line = new StringJoiner(SEPARATOR);
    line.add(template.tenant());
    line.add(template.type().wire() + "/" + template.format().wire());
    line.add("every '" + cron + "' " + timezone + ", window " + window);
    line.add("schedule " + scheduleId);
    line.add("by " + template.requestedBy());
    return line.toString();
  }

  /**
   * The line of a job's retention workflow: whose artifact it holds. When it expires changes with
   * the job's retention, so that is in its current details and its {@code ExportExpiresAt}.
   */
  public static String ofRetention(ExportJob job) {
    StringJoiner line = new StringJoiner(SEPARATOR);
    line.add(job.tenant());
    line.add(job.type().wire() + "/" + job.format().wire());
    line.add("retention of " + job.id());
    line.add("by " + job.requestedBy());
    return line.toString();
  }

  /** Markdown details of a retention workflow: the artifact it will delete. */
  public static String retentionDetails(ExportJob job) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "**Job** `"
            + job.id()
            + "`, attempt "
            + job.attempt()
            + ", completed "
            + job.completedAt());
    ExportArtifact artifact = job.artifact();
    if (artifact != null) {
      lines.add(
          "**Artifact** `"
              + artifact.fileName()
              + "`, "
              + artifact.entryCount()
              + " entries, "
              + artifact.sizeBytes()
              + " bytes, sha256 `"
              + artifact.sha256()
              + "`");
    }
    lines.add(
        "Deleted when the retention ends; `PATCH /api/v1/exports/"
            + job.id()
            + "` moves the end, `DELETE /api/v1/exports/"
            + job.id()
            + "/artifact` deletes it now");
    return String.join("\n\n", lines);
  }

  /** Markdown for the Web UI's details: what the one line leaves out. */
  public static String details(ExportRequest r) {
    List<String> lines = new ArrayList<>();
    lines.add("**Job** `" + r.jobId() + "`, attempt " + r.attempt());
    lines.add(
        "**Range** `["
            + (r.range().from() == null ? "start of ledger" : r.range().from())
            + ", "
            + r.range().to()
            + ")`");
    if (r.scheduleId() != null) {
      lines.add("**Schedule** `" + r.scheduleId() + "`");
    }
    return String.join("\n\n", withSettings(lines, r));
  }

  /** Markdown details of a schedule's runs. */
  public static String scheduleDetails(
      ExportRequest template, String cron, String timezone, String window, String scheduleId) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "**Schedule** `"
            + scheduleId
            + "`: `"
            + cron
            + "` in "
            + timezone
            + "; each run exports the `"
            + window
            + "` before its scheduled time");
    return String.join("\n\n", withSettings(lines, template));
  }

  private static List<String> withSettings(List<String> lines, ExportRequest r) {
    String filters = filters(r.filters());
    if (!filters.isEmpty()) {
      lines.add("**Filters** " + filters);
    }
    if (!r.labels().isEmpty()) {
      StringJoiner labels = new StringJoiner(", ");
      new TreeMap<>(r.labels()).forEach((k, v) -> labels.add("`" + k + "=" + v + "`"));
      lines.add("**Labels** " + labels);
    }
    lines.add("**Target** `" + r.target() + "`, retention `" + r.retention() + "`");
    return lines;
  }

  private static String filters(ExportFilters f) {
    StringJoiner out = new StringJoiner(", ");
    filter(out, "actors", f.actors());
    filter(out, "actions", f.actions());
    filter(out, "resources", f.resources());
    filter(out, "outcomes", f.outcomes().stream().map(Outcome::wire).toList());
    return out.toString();
  }

  private static void filter(StringJoiner out, String name, List<String> values) {
    if (!values.isEmpty()) {
      out.add(name + " `" + String.join("|", values) + "`");
    }
  }

  /** Whole minutes as {@code 2026-10-01T00:00Z}; anything finer as the full instant. */
  static String time(Instant t) {
    if (t == null) {
      return "";
    }
    return t.getEpochSecond() % 60 == 0 && t.getNano() == 0 ? MINUTES.format(t) : t.toString();
  }
}
