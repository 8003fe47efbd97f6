package io.exportjobs.api.openapi;

import static io.exportjobs.api.openapi.SchemaPatch.array;
import static io.exportjobs.api.openapi.SchemaPatch.duration;
import static io.exportjobs.api.openapi.SchemaPatch.enumString;
import static io.exportjobs.api.openapi.SchemaPatch.object;
import static io.exportjobs.api.openapi.SchemaPatch.positiveDuration;
import static io.exportjobs.api.openapi.SchemaPatch.string;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.webhook.WebhookEvents;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What reflection cannot tell about the records the api reads and writes: which properties every
 * answer carries (Jackson writes nulls too, so all of them), which may be null, the enums behind
 * strings, durations, and the limits the api checks. Request bodies take null for an absent
 * optional value, so their optional properties are nullable.
 */
final class ApiDocsSchemas implements OpenApiCustomizer {

  static final String[] TYPES =
      Arrays.stream(ExportType.values()).map(ExportType::wire).toArray(String[]::new);
  static final String[] FORMATS =
      Arrays.stream(ExportFormat.values()).map(ExportFormat::wire).toArray(String[]::new);
  static final String[] STATUSES =
      Arrays.stream(ExportStatus.values()).map(ExportStatus::wire).toArray(String[]::new);

  /** The types a schedule runs: all but those that hold the whole ledger. */
  static final ExportType[] SCHEDULABLE_TYPES =
      Arrays.stream(ExportType.values()).filter(t -> !t.wholeLedger()).toArray(ExportType[]::new);

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

    // ---- requests -----------------------------------------------------------------------------
    SchemaPatch.of(s, "CreateExportRequest")
        .required("type", "range")
        .enumOf("type", TYPES)
        .set(
            "format",
            enumString(FORMATS).description("default: the type's first format the policy allows"))
        .set(
            "retention",
            positiveDuration("P30D").description("default: the policy's retention default"))
        .set(
            "target",
            enumString(targets).description("an artifact target configured here; default: default"))
        .set("labels", labels())
        .optionalNullable();
    // each type's formats, and the range it takes: a snapshot's from is absent (the whole ledger
    // as recorded before to, or from seq 1); every other type's range has a start
    Schema<Object> byType =
        byType(
            ExportType.values(),
            t ->
                SchemaPatch.where(
                    Map.of(
                        "format",
                        formatsOf(t),
                        "range",
                        t.wholeLedger() ? wholeLedgerRange() : boundedRange())));
    SchemaPatch.of(s, "CreateExportRequest")
        .when(byType.getIf(), byType.getThen(), byType.getElse());
    SchemaPatch.of(s, "RequestedRange")
        .set(
            "from",
            SchemaPatch.dateTimeInput("2026-10-01T00:00:00Z").description("absent for a snapshot"))
        .set("to", SchemaPatch.dateTimeInput("2026-11-01T00:00:00Z"))
        .enumOf("basis", "occurred", "recorded")
        .set("fromSeq", SchemaPatch.integer("int64").minimum(java.math.BigDecimal.ONE))
        .set(
            "toSeq",
            SchemaPatch.integer("int64")
                .minimum(java.math.BigDecimal.valueOf(2))
                .description("exclusive; after fromSeq"))
        .optionalNullable()
        // a seq range (fromSeq or toSeq given) has no from, to or basis; a time range has a to
        .when(
            SchemaPatch.anyOf(
                SchemaPatch.having(Map.of("fromSeq", SchemaPatch.integer("int64"))),
                SchemaPatch.having(Map.of("toSeq", SchemaPatch.integer("int64")))),
            SchemaPatch.where(
                Map.of(
                    "from", SchemaPatch.nullOnly(),
                    "to", SchemaPatch.nullOnly(),
                    "basis", SchemaPatch.nullOnly())),
            SchemaPatch.having(Map.of("to", SchemaPatch.string())));
    SchemaPatch.of(s, "RequestedFilters")
        .set("actors", filterValues())
        .set("actions", filterValues())
        .set("resources", filterValues())
        .set("outcomes", array(enumString(OUTCOMES)).maxItems(100))
        .optionalNullable();
    SchemaPatch.of(s, "AppendEntriesRequest")
        .required("entries")
        .set("entries", array(SchemaPatch.ref("NewLedgerEntry")).minItems(1).maxItems(10_000));
    SchemaPatch.of(s, "NewLedgerEntry")
        .required("occurredAt", "actor", "action", "resource", "outcome")
        .set("actor", text(256, "alice"))
        .set("action", text(256, "user.login"))
        .set("resource", text(1024, "app/console"))
        .set("occurredAt", SchemaPatch.dateTimeInput("2026-10-01T08:00:00Z"))
        .enumOf("outcome", OUTCOMES)
        .set(
            "attributes", object().description("any JSON object, at most 16 KiB as canonical JSON"))
        .optionalNullable();
    SchemaPatch.of(s, "ScheduleRequest")
        .required("cron", "job")
        .set(
            "cron",
            string()
                .minLength(1)
                .example("0 2 * * *")
                .description("5-field UNIX cron or @hourly|@daily|@weekly|@monthly"))
        .set("timezone", ApiDocsCustomizer.timezone())
        .set("id", string().pattern("^[a-z0-9][a-z0-9-]{0,39}$").example("nightly-evidence"))
        .set("window", positiveDuration("P1D"))
        .set("catchupWindow", positiveDuration("P365D"))
        .set("jitter", duration("PT0S"))
        .enumOf("overlap", "skip", "buffer_one", "allow_all")
        .enumOf("mode", "incremental")
        .describe("window", "required unless mode is incremental")
        .set(
            "startSeq",
            SchemaPatch.integer("int64")
                .minimum(java.math.BigDecimal.ONE)
                .description("incremental schedules: the first run's fromSeq, default 1"))
        .optionalNullable()
        // an incremental schedule has no window; a window schedule has one, and no startSeq
        .when(
            SchemaPatch.having(Map.of("mode", SchemaPatch.constant("incremental"))),
            SchemaPatch.where(Map.of("window", SchemaPatch.nullOnly())),
            SchemaPatch.having(Map.of("window", SchemaPatch.string()))
                .addProperty("startSeq", SchemaPatch.nullOnly()));
    Schema<Object> templateByType =
        byType(SCHEDULABLE_TYPES, t -> SchemaPatch.where(Map.of("format", formatsOf(t))));
    SchemaPatch.of(s, "ScheduleJobTemplate")
        .required("type")
        .set("target", enumString(targets))
        .set(
            "type",
            enumString(wire(SCHEDULABLE_TYPES))
                .description(
                    "not snapshot: a snapshot holds the whole ledger, not a window or the entries"
                        + " since the last run"))
        .set("format", enumString(FORMATS))
        .set("retention", positiveDuration("P30D"))
        .set("labels", labels())
        .optionalNullable()
        .when(templateByType.getIf(), templateByType.getThen(), templateByType.getElse());
    SchemaPatch.of(s, "ScheduleNote").optionalNullable();
    SchemaPatch.of(s, "RetentionChange").set("retention", positiveDuration("P90D"));
    SchemaPatch.of(s, "BackfillRequest")
        .required("from", "to")
        .set("from", SchemaPatch.dateTimeInput("2026-11-01T00:00:00Z"))
        .set("to", SchemaPatch.dateTimeInput("2026-11-04T00:00:00Z"));
    webhooks(s);
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

  @SuppressWarnings("rawtypes")
  private static void webhooks(Map<String, Schema> s) {
    String[] events = WebhookEvents.ALL.toArray(String[]::new);
    // the nested record of a shared class gets a name of its own in the document
    Schema attempt = s.remove("Attempt");
    s.put("WebhookDeliveryAttempt", attempt);
    SchemaPatch.of(s, "WebhookDeliveryAttempt")
        .allRequired()
        .nullable("statusCode", "error")
        .describe("statusCode", "the receiver's HTTP status; null when it did not answer");
    SchemaPatch.of(s, "WebhookDelivery")
        .allRequired()
        .set("attempts", array(SchemaPatch.ref("WebhookDeliveryAttempt")))
        .enumOf("status", "pending", "delivered", "failed")
        .enumOf("event", events)
        .nullable("lastError", "completedAt")
        .describe("id", "the webhook-id header of every attempt");
    SchemaPatch.of(s, "CreateWebhookRequest")
        .required("url")
        .set(
            "url",
            string()
                .format("uri")
                .pattern("^https?://")
                .maxLength(2048)
                .example("https://hooks.example.com/exports")
                .description(
                    "http(s); a host on public addresses outside the dev and test profiles"))
        .set(
            "events",
            array(enumString(events))
                .minItems(1)
                .description("default: all four")
                .example(List.of("export.completed", "export.failed")))
        .set("description", string().maxLength(256).pattern("^[^\\u0000-\\u001f]*$"))
        .optionalNullable();
    for (String name : List.of("Webhook", "WebhookWithSecret")) {
      SchemaPatch.of(s, name)
          .allRequired()
          .set("events", array(enumString(events)))
          .nullable("description", "secretRotatedAt");
    }
    SchemaPatch.of(s, "WebhookWithSecret")
        .set(
            "secret",
            string()
                .pattern("^whsec_[A-Za-z0-9+/=]+$")
                .description("the HMAC-SHA256 key of webhook-signature (Standard Webhooks)"));
  }

  /**
   * {@code branch(t)} for the value whose {@code type} is {@code t}: a chain of {@code if type is t
   * then ... else ...}, the last type's branch as the last {@code else}.
   */
  @SuppressWarnings("rawtypes")
  static Schema<Object> byType(ExportType[] types, Function<ExportType, Schema> branch) {
    Schema chain = branch.apply(types[types.length - 1]);
    for (int i = types.length - 2; i >= 0; i--) {
      chain =
          new io.swagger.v3.oas.models.media.JsonSchema()
              ._if(SchemaPatch.having(Map.of("type", SchemaPatch.constant(types[i].wire()))))
              .then(branch.apply(types[i]))
              ._else(chain);
    }
    @SuppressWarnings("unchecked")
    Schema<Object> result = chain;
    return result;
  }

  /** The formats of {@code type}, or null (the policy's default format for it). */
  private static Schema<Object> formatsOf(ExportType type) {
    List<Object> values = new java.util.ArrayList<>();
    type.formats().forEach(f -> values.add(f.wire()));
    values.add(null);
    return SchemaPatch.oneOfValues(values.toArray());
  }

  /** A snapshot's range: no from; recorded (or no) basis; a seq range from 1. */
  private static Schema<Object> wholeLedgerRange() {
    return SchemaPatch.where(
        Map.of(
            "from", SchemaPatch.nullOnly(),
            "basis", SchemaPatch.oneOfValues("recorded", null),
            "fromSeq", SchemaPatch.oneOfValues(1, null)));
  }

  /** Any other type's range: a from, or a fromSeq. */
  private static Schema<Object> boundedRange() {
    return SchemaPatch.anyOf(
        SchemaPatch.having(Map.of("from", SchemaPatch.string())),
        SchemaPatch.having(Map.of("fromSeq", SchemaPatch.integer("int64"))));
  }

  private static String[] wire(ExportType[] types) {
    return Arrays.stream(types).map(ExportType::wire).toArray(String[]::new);
  }

  private static Schema<Object> labels() {
    return object()
        .additionalProperties(string().maxLength(256))
        .propertyNames(string().pattern("^[A-Za-z0-9][A-Za-z0-9_./-]{0,62}$"))
        .maxProperties(32)
        .example(Map.of("ticket", "SEC-42"));
  }

  private static Schema<Object> filterValues() {
    return array(string().minLength(1).maxLength(1024)).maxItems(100);
  }

  private static Schema<Object> text(int max, String example) {
    return string().minLength(1).maxLength(max).pattern(ApiDocs.TEXT_PATTERN).example(example);
  }
}
