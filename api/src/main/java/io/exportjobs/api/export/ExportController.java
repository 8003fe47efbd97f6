package io.exportjobs.api.export;

import io.exportjobs.api.openapi.ProblemAnswer;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.api.web.Page;
import io.exportjobs.api.web.Paging;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobListQuery;
import io.exportjobs.shared.export.JobPage;
import io.exportjobs.shared.export.JobQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The jobs themselves: submit, list, watch, cancel, retry, change retention. */
@RestController
@OpenToOperators
@RequestMapping("/api/v1/exports")
@Tag(name = "exports", description = "Export jobs: submit, watch, cancel, retry, download")
class ExportController {

  static final String BASE = "/api/v1/exports/";

  private final ExportCreation creation;
  private final ExportService exports;
  private final JobQueries jobs;

  ExportController(ExportCreation creation, ExportService exports, JobQueries jobs) {
    this.creation = creation;
    this.exports = exports;
    this.jobs = jobs;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "createExport",
      summary = "Submit an export job (202; the same Idempotency-Key answers the same job)")
  @ApiResponse(
      responseCode = "202",
      description = "The job, pending; an idempotent repeat answers the same job",
      headers = @Header(name = "Location", description = "/api/v1/exports/{id}"))
  @ProblemAnswer(status = 400, codes = "validation_failed", when = "a field is missing or invalid")
  @ProblemAnswer(
      status = 403,
      codes = "policy_denied",
      when = "a type or format the tenant may not use (or restricted, without exports:admin)")
  @ProblemAnswer(status = 409, codes = "conflict", when = "the same key is being created right now")
  @ProblemAnswer(
      status = 422,
      codes = {"out_of_bounds", "idempotency_key_reused"},
      when =
          "a range span or retention outside the policy's bounds; a key reused with another body")
  @ProblemAnswer(
      status = 429,
      codes = "quota_exceeded",
      when = "the tenant's jobs per hour are used up")
  ResponseEntity<ExportJob> create(
      Caller caller,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestBody CreateExportBody body) {
    caller.require(Scope.EXPORTS_WRITE);
    ExportCreation.Created created = creation.create(caller, body, idempotencyKey);
    return ResponseEntity.accepted()
        .location(URI.create(BASE + created.job().id()))
        .body(view(created.job()));
  }

  @GetMapping("/{id}")
  @Operation(operationId = "getExport", summary = "One job, whatever its status")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such job in the tenant")
  ExportJob get(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_READ);
    return view(exports.find(caller, id));
  }

  @GetMapping
  @Operation(
      operationId = "listExports",
      summary = "Jobs, newest first; status and type are repeatable")
  Page<ExportJob> list(
      Caller caller,
      @RequestParam(required = false) List<String> status,
      @RequestParam(required = false) List<String> type,
      @RequestParam(required = false) String scheduleId,
      @RequestParam(required = false) List<String> label,
      @RequestParam(required = false) Integer pageSize,
      @RequestParam(required = false) String pageToken) {
    caller.require(Scope.EXPORTS_READ);
    List<ExportStatus> statuses = new ArrayList<>();
    for (String s : status == null ? List.<String>of() : status) {
      statuses.add(
          ExportStatus.parse(s)
              .orElseThrow(
                  () -> ApiException.invalid("status", "is not a job status: " + clip(s))));
    }
    List<ExportType> types = new ArrayList<>();
    for (String t : type == null ? List.<String>of() : type) {
      types.add(
          ExportType.parse(t)
              .orElseThrow(
                  () -> ApiException.invalid("type", "is not an export type: " + clip(t))));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String l : label == null ? List.<String>of() : label) {
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw ApiException.invalid("label", "must be name:value");
      }
      labels.put(l.substring(0, colon), l.substring(colon + 1));
    }
    JobPage page =
        jobs.list(
            new JobListQuery(
                caller.tenant(),
                statuses,
                types,
                scheduleId,
                labels,
                Paging.pageSize(pageSize),
                Paging.pageToken(pageToken)));
    return new Page<>(
        page.items().stream().map(ExportController::view).toList(), page.nextPageToken());
  }

  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "cancelExport",
      summary = "Cancel a pending or running job (409 if it already ended)")
  @ApiResponse(responseCode = "202", description = "The job as it was; it becomes cancelled")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such job in the tenant")
  @ProblemAnswer(status = 409, codes = "conflict", when = "the job has ended already")
  ResponseEntity<ExportJob> cancel(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    return ResponseEntity.accepted().body(view(exports.cancel(caller, id)));
  }

  @PostMapping("/{id}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "retryExport",
      summary = "Run a failed or cancelled job again, same id, attempt + 1")
  @ApiResponse(
      responseCode = "202",
      description = "The job, pending again",
      headers = @Header(name = "Location", description = "/api/v1/exports/{id}"))
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such job in the tenant")
  @ProblemAnswer(status = 409, codes = "conflict", when = "the job is not failed or cancelled")
  @ProblemAnswer(status = 403, codes = "policy_denied", when = "the policy no longer allows it")
  @ProblemAnswer(
      status = 400,
      codes = "validation_failed",
      when = "the job's settings are no longer valid under the policy")
  @ProblemAnswer(status = 422, codes = "out_of_bounds", when = "outside the policy's bounds now")
  ResponseEntity<ExportJob> retry(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    // the Location is built from the job found, never from the raw path (which may not be a URI)
    ExportJob job = exports.retry(caller, id);
    return ResponseEntity.accepted().location(URI.create(BASE + job.id())).body(view(job));
  }

  @PatchMapping("/{id}")
  @Operation(
      operationId = "updateExportRetention",
      summary =
          "Change a completed job's retention ({\"retention\": \"P90D\"}); answers the job with"
              + " the new expiresAt, counted from completedAt")
  @ProblemAnswer(
      status = 400,
      codes = "validation_failed",
      when = "no retention, one that is not a duration, or another field")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such job in the tenant")
  @ProblemAnswer(status = 409, codes = "conflict", when = "the job is not completed")
  @ProblemAnswer(
      status = 422,
      codes = "out_of_bounds",
      when = "outside the policy's retention bounds")
  ExportJob patch(
      Caller caller,
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = RetentionChange.class)))
          @RequestBody
          Map<String, Object> body) {
    caller.require(Scope.EXPORTS_WRITE);
    if (body == null) {
      throw ApiException.invalid("body", "a JSON object is required");
    }
    for (String field : body.keySet()) {
      if (!field.equals("retention")) {
        throw ApiException.invalid(clip(field), "cannot be changed; only retention can");
      }
    }
    Object retention = body.get("retention");
    if (retention != null && !(retention instanceof String)) {
      throw ApiException.invalid("retention", "must be an ISO 8601 duration string, e.g. P90D");
    }
    return view(exports.setRetention(caller, id, (String) retention));
  }

  /** {@code PATCH /exports/{id}}: the only field that can change. */
  @Schema(name = "RetentionChange", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record RetentionChange(
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              type = "string",
              format = "duration",
              pattern = io.exportjobs.api.openapi.ApiDocs.DURATION_PATTERN,
              example = "P90D")
          String retention) {}

  static ExportJob view(ExportJob job) {
    if (job.artifact() == null) {
      return job;
    }
    return job.toBuilder()
        .artifact(job.artifact().withDownloadUrl(BASE + job.id() + "/artifact"))
        .build();
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  static HttpStatus accepted() {
    return HttpStatus.ACCEPTED;
  }
}
