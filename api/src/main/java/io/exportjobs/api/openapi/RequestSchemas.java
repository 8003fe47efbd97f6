package io.exportjobs.api.openapi;

import static io.exportjobs.api.openapi.ApiDocsSchemas.FORMATS;
import static io.exportjobs.api.openapi.ApiDocsSchemas.OUTCOMES;
import static io.exportjobs.api.openapi.ApiDocsSchemas.TYPES;
import static io.exportjobs.api.openapi.SchemaPatch.array;
import static io.exportjobs.api.openapi.SchemaPatch.duration;
import static io.exportjobs.api.openapi.SchemaPatch.enumString;
import static io.exportjobs.api.openapi.SchemaPatch.object;
import static io.exportjobs.api.openapi.SchemaPatch.positiveDuration;
import static io.exportjobs.api.openapi.SchemaPatch.string;

import io.exportjobs.shared.export.ExportType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The request bodies' schemas: required and optional (nullable) properties, limits the api checks,
 * and the rules between properties that JSON Schema can state (if/then/else on the export type, a
 * time range or a seq range, a window or an incremental schedule).
 */
final class RequestSchemas {

  /** The types a schedule runs: all but those that hold the whole ledger. */
  private static final ExportType[] SCHEDULABLE_TYPES =
      Arrays.stream(ExportType.values()).filter(t -> !t.wholeLedger()).toArray(ExportType[]::new);

  private RequestSchemas() {}

  @SuppressWarnings("rawtypes")
  static void add(Map<String, Schema> s, String[] targets) {
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
