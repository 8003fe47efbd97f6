package io.exportjobs.api.export;

import com.github.f4b6a3.ulid.UlidCreator;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.FieldError;
import io.exportjobs.api.security.Caller;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.policy.ExportPolicy;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.policy.Retention;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns a request body into a validated {@link ExportRequest}: every invalid field is reported at
 * once, defaults are filled in (format, retention, target), and the job id is made.
 */
@Component
public class ExportRequestFactory {

  private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-/]{0,62}");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final int MAX_LABELS = 32;
  private static final int MAX_LABEL_VALUE = 256;
  private static final int MAX_FILTER_VALUES = 100;
  private static final int MAX_FILTER_VALUE = 1024;
  private static final int MAX_FILTERS_JSON = 60_000;

  private final PolicyEvaluator policies;
  private final ArtifactStores stores;
  private final Clock clock;

  ExportRequestFactory(PolicyEvaluator policies, ArtifactStores stores, Clock clock) {
    this.policies = policies;
    this.stores = stores;
    this.clock = clock;
  }

  /** A validated request and the digest that idempotent creates compare. */
  public record Validated(ExportRequest request, String requestHash) {}

  public Validated create(Caller caller, CreateExportBody body, String idempotencyKey) {
    return create(caller, policies.policyFor(caller.tenant()), body, idempotencyKey);
  }

  /** Validates against the tenant's {@code policy}, read once by the caller for the request. */
  public Validated create(
      Caller caller, ExportPolicy policy, CreateExportBody body, String idempotencyKey) {
    if (body == null) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    List<FieldError> errors = new ArrayList<>();
    ExportType type = null;
    if (body.type() == null) {
      errors.add(new FieldError("type", "is required"));
    } else {
      type = ExportType.parse(body.type()).orElse(null);
      if (type == null) {
        errors.add(new FieldError("type", "must be one of " + wireNames(ExportType.values())));
      } else {
        // a type the caller may not use is refused as such (403), whatever else is wrong
        PolicyEvaluator.checkType(policy, type, caller.scopes())
            .ifPresent(denied -> ExportService.throwIfViolated(List.of(denied)));
      }
    }
    ExportFormat format = null;
    if (type != null) {
      if (body.format() == null) {
        format = policy.defaultFormatFor(type);
      } else {
        format = ExportFormat.parse(body.format()).filter(type::supports).orElse(null);
        if (format == null) {
          errors.add(
              new FieldError(
                  "format",
                  "must be one of "
                      + wireNames(type.formats().toArray(ExportFormat[]::new))
                      + " for type "
                      + type.wire()));
        }
      }
    }
    TimeRange range = null;
    if (body.range() == null) {
      errors.add(new FieldError("range", "is required"));
    } else {
      CreateExportBody.Range r = body.range();
      range = new TimeRange(r.from(), r.to(), r.basis(), r.fromSeq(), r.toSeq());
      if (!SqlTime.isStorable(range.from())) {
        errors.add(new FieldError("range.from", "must be a time in the years 0000 to 9999"));
      }
      if (!SqlTime.isStorable(range.to())) {
        errors.add(new FieldError("range.to", "must be a time in the years 0000 to 9999"));
      }
    }
    ExportFilters filters = filters(body.filters(), errors);
    if (Json.write(filters).length() > MAX_FILTERS_JSON) {
      errors.add(new FieldError("filters", "must be at most 60,000 characters as JSON in all"));
    }
    Map<String, String> labels = labels(body.labels(), errors);
    String target = body.target() == null ? ArtifactStores.DEFAULT_TARGET : body.target();
    if (stores.find(target).isEmpty()) {
      errors.add(new FieldError("target", "must be one of " + stores.targets()));
    }
    String retention =
        body.retention() == null ? Retention.format(policy.retentionDefault()) : body.retention();
    if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
      errors.add(new FieldError("Idempotency-Key", "must be 1 to 255 visible ASCII characters"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Map<String, Object> normalized = new LinkedHashMap<>();
    normalized.put("type", type.wire());
    normalized.put("format", format.wire());
    normalized.put("from", range.from() == null ? null : range.from().toString());
    normalized.put("to", range.to() == null ? null : range.to().toString());
    if (range.basis() != null) {
      normalized.put("basis", range.basis());
    }
    if (range.isSeq()) {
      normalized.put("fromSeq", range.fromSeq());
      normalized.put("toSeq", range.toSeq());
    }
    normalized.put("filters", filters);
    normalized.put("retention", retention);
    normalized.put("target", target);
    normalized.put("labels", labels);
    String requestHash = Digests.sha256Hex(Json.canonical(normalized));
    String jobId = jobId(caller.tenant(), idempotencyKey);
    ExportRequest request =
        ExportRequest.builder()
            .jobId(jobId)
            .tenant(caller.tenant())
            .type(type)
            .format(format)
            .range(range)
            .filters(filters)
            .labels(labels)
            .retention(retention)
            .target(target)
            .createdAt(now)
            .requestedBy(caller.actor())
            .callerScopes(caller.scopes())
            .build();
    return new Validated(request, requestHash);
  }

  /** {@code exp-<tenant>-<ULID>}; with an Idempotency-Key, a digest of tenant and key instead. */
  static String jobId(String tenant, String idempotencyKey) {
    if (idempotencyKey == null) {
      return "exp-" + tenant + "-" + UlidCreator.getMonotonicUlid();
    }
    String digest =
        Digests.sha256Hex((tenant + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    return "exp-" + tenant + "-" + digest.substring(0, 32);
  }

  private static ExportFilters filters(CreateExportBody.Filters f, List<FieldError> errors) {
    if (f == null) {
      return ExportFilters.none();
    }
    int before = errors.size();
    checkValues("filters.actors", f.actors(), errors);
    checkValues("filters.actions", f.actions(), errors);
    checkValues("filters.resources", f.resources(), errors);
    checkValues("filters.outcomes", f.outcomes(), errors);
    if (errors.size() > before) {
      // a null or oversized value is reported; the filters are not built from it
      return ExportFilters.none();
    }
    List<Outcome> outcomes = new ArrayList<>();
    if (f.outcomes() != null) {
      for (String o : f.outcomes()) {
        Outcome parsed = o == null ? null : Outcome.parse(o).orElse(null);
        if (parsed == null) {
          errors.add(new FieldError("filters.outcomes", "must be success, failure or denied"));
          break;
        }
        outcomes.add(parsed);
      }
    }
    return new ExportFilters(f.actors(), f.actions(), f.resources(), outcomes);
  }

  private static void checkValues(String field, List<String> values, List<FieldError> errors) {
    if (values == null) {
      return;
    }
    if (values.size() > MAX_FILTER_VALUES) {
      errors.add(new FieldError(field, "must hold at most " + MAX_FILTER_VALUES + " values"));
      return;
    }
    for (String v : values) {
      if (v == null || v.isEmpty() || v.length() > MAX_FILTER_VALUE) {
        errors.add(
            new FieldError(field, "values must be 1 to " + MAX_FILTER_VALUE + " characters"));
        return;
      }
    }
  }

  private static Map<String, String> labels(Map<String, String> labels, List<FieldError> errors) {
    if (labels == null) {
      return Map.of();
    }
    if (labels.size() > MAX_LABELS) {
      errors.add(new FieldError("labels", "must hold at most " + MAX_LABELS + " labels"));
      return Map.of();
    }
    Map<String, String> sorted = new java.util.TreeMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!LABEL_KEY.matcher(e.getKey()).matches()) {
        errors.add(new FieldError("labels", "keys must match " + LABEL_KEY.pattern()));
      } else if (e.getValue() == null || e.getValue().length() > MAX_LABEL_VALUE) {
        errors.add(
            new FieldError(
                "labels." + e.getKey(), "must be a string of at most " + MAX_LABEL_VALUE));
      } else {
        sorted.put(e.getKey(), e.getValue());
      }
    }
    return sorted;
  }

  private static String wireNames(Enum<?>[] values) {
    List<String> names = new ArrayList<>();
    for (Enum<?> v : values) {
      names.add(
          v instanceof ExportType t ? t.wire() : v instanceof ExportFormat f ? f.wire() : v.name());
    }
    return String.join(", ", names);
  }
}
