package io.exportjobs.api.openapi;

import static io.exportjobs.api.openapi.SchemaPatch.array;
import static io.exportjobs.api.openapi.SchemaPatch.duration;
import static io.exportjobs.api.openapi.SchemaPatch.enumString;
import static io.exportjobs.api.openapi.SchemaPatch.string;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Arrays;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What reflection cannot tell about the records the api reads and writes: which properties every
 * answer carries (Jackson writes nulls too, so all of them), which may be null, the enums behind
 * strings, durations, and the limits the api checks. The request bodies are {@link RequestSchemas}'
 * (they take null for an absent optional value, so their optional properties are nullable), the
 * webhooks' {@link WebhookSchemas}'.
 */
final class ApiDocsSchemas implements OpenApiCustomizer {

  static final String[] TYPES =
      Arrays.stream(ExportType.values()).map(ExportType::wire).toArray(String[]::new);
  static final String[] FORMATS =
      Arrays.stream(ExportFormat.values()).map(ExportFormat::wire).toArray(String[]::new);
  static final String[] STATUSES =
      Arrays.stream(ExportStatus.values()).map(ExportStatus::wire).toArray(String[]::new);

  static final String[] OUTCOMES =
      Arrays.stream(Outcome.values()).map(Outcome::wire).toArray(String[]::new);

  private final String[] targets;

  /**
   * {@code targets}: the artifact targets configured here, the only values {@code target} takes.
   */
  ApiDocsSchemas(java.util.Collection<String> targets) {
    this.targets = targets.stream().sorted().toArray(String[]::new);
  }

  @Override
  public void customise(OpenAPI api) {
    @SuppressWarnings("rawtypes")
    Map<String, Schema> s = api.getComponents().getSchemas();
    s.remove("Caller");
    s.remove("ProblemDetail");
    s.put("Problem", ApiDocsCustomizer.problemSchema());
    s.put("FieldError", ApiDocsCustomizer.fieldErrorSchema());

    // ---- answers ------------------------------------------------------------------------------
    SchemaPatch.of(s, "ExportJob")
        .allRequired()
        .enumOf("type", TYPES)
        .enumOf("format", FORMATS)
        .enumOf("status", STATUSES)
        .set("retention", duration("P30D"))
        .nullable(
            "startedAt", "completedAt", "expiresAt", "scheduleId", "artifact", "error", "runId")
        .describe("artifact", "set once the job completed; null before and after it expired")
        .describe("error", "why the job failed or was cancelled; null otherwise");
    SchemaPatch.of(s, "TimeRange")
        .enumOf("basis", "occurred", "recorded")
        .description(
            "[from, to) on occurredAt (basis absent or occurred) or recordedAt (basis recorded),"
                + " from absent for a snapshot; or [fromSeq, toSeq) on seq, toSeq absent until"
                + " the job resolves it to the head it pinned");
    SchemaPatch.of(s, "ExportFilters").allRequired().set("outcomes", array(enumString(OUTCOMES)));
    SchemaPatch.of(s, "ExportProgress").allRequired();
    SchemaPatch.of(s, "ExportArtifact").allRequired();
    SchemaPatch.of(s, "ExportError").allRequired().nullable("message");
    SchemaPatch.of(s, "LedgerEntry").allRequired().enumOf("outcome", OUTCOMES);
    SchemaPatch.of(s, "AppendResult").allRequired();
    SchemaPatch.of(s, "ChainVerification")
        .allRequired()
        .nullable("firstBrokenSeq")
        .describe(
            "firstBrokenSeq",
            "the first entry whose hash, link or position is wrong; null when valid");
    SchemaPatch.of(s, "ExportProgress")
        .nullable("entriesTotal")
        .describe(
            "entriesTotal",
            "entries the job will export, counted by its policy check; null until then");
    SchemaPatch.of(s, "SigningKey")
        .allRequired()
        .describe(
            "noteVerifierKey",
            "the same key as a sumdb/note verifier key, named as the caller's checkpoints' origin");
    SchemaPatch.of(s, "SigningKeyList").allRequired();
    for (String page : s.keySet().stream().filter(n -> n.startsWith("Page")).toList()) {
      SchemaPatch.of(s, page)
          .allRequired()
          .nullable("nextPageToken")
          .describe("nextPageToken", "opaque; null on the last page");
    }
    SchemaPatch.of(s, "ExportPolicy")
        .allRequired()
        .set("maxRangeSpan", duration("P366D"))
        .set("retentionDefault", duration("P30D"))
        .set("retentionMin", duration("PT1M"))
        .set("retentionMax", duration("P365D"));
    SchemaPatch.of(s, "ExportTypeInfo").allRequired().enumOf("type", TYPES);
    SchemaPatch.of(s, "ExportSchedule")
        .allRequired()
        .enumOf("mode", "incremental")
        .set("window", duration("P1D"))
        .set("catchupWindow", duration("P365D"))
        .set("jitter", duration("PT0S"))
        .enumOf("overlap", "skip", "buffer_one", "allow_all")
        .nullable("note", "window", "mode", "startSeq");
    SchemaPatch.of(s, "ScheduleRun").allRequired().nullable("status");
    SchemaPatch.of(s, "CronPreview").allRequired();
    SchemaPatch.of(s, "ArtifactVerification").required("valid", "sha256");
    SchemaPatch.of(s, "SignatureCheck").allRequired().nullable("keyId", "algorithm");
    SchemaPatch.of(s, "ProofCheck").allRequired();
    SchemaPatch.of(s, "VerificationProblem").allRequired();

    RequestSchemas.add(s, targets);
    WebhookSchemas.add(s);
    ApiDocsCustomizer.parameters(api);
    // every response header is text (a header without a schema is not one a client can read)
    api.getPaths()
        .values()
        .forEach(
            item ->
                item.readOperations()
                    .forEach(
                        op ->
                            op.getResponses()
                                .values()
                                .forEach(
                                    r -> {
                                      if (r.getHeaders() != null) {
                                        r.getHeaders()
                                            .values()
                                            .forEach(
                                                h -> {
                                                  if (h.getSchema() == null) {
                                                    h.setSchema(string());
                                                  }
                                                });
                                      }
                                    })));
    ScheduleChange.add(api);
    Links.add(api);
  }
}
