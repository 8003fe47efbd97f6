package io.exportjobs.api.export;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.api.web.Page;
import io.exportjobs.api.web.Paging;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobIndex;
import io.exportjobs.shared.export.JobListQuery;
import io.exportjobs.shared.export.JobPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@OpenToOperators
@RequestMapping("/api/v1/exports")
@Tag(name = "exports", description = "Export jobs: submit, watch, cancel, retry, download")
class ExportController {

  static final String BASE = "/api/v1/exports/";

  private final ExportService exports;
  private final ArtifactDownloads downloads;
  private final JobIndex jobIndex;
  private final ArtifactVerification verifier;

  ExportController(
      ExportService exports,
      ArtifactDownloads downloads,
      JobIndex jobIndex,
      ArtifactVerification verifier) {
    this.exports = exports;
    this.downloads = downloads;
    this.jobIndex = jobIndex;
    this.verifier = verifier;
  }

  @PostMapping
  @Operation(summary = "Submit an export job (202; the same Idempotency-Key answers the same job)")
  ResponseEntity<ExportJob> create(
      Caller caller,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestBody CreateExportBody body) {
    caller.require(Scope.EXPORTS_WRITE);
    ExportService.Created created = exports.create(caller, body, idempotencyKey);
    return ResponseEntity.accepted()
        .location(URI.create(BASE + created.job().id()))
        .body(view(created.job()));
  }

  @GetMapping("/{id}")
  @Operation(summary = "One job, whatever its status")
  ExportJob get(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_READ);
    return view(exports.find(caller, id));
  }

  @GetMapping
  @Operation(summary = "Jobs, newest first; status and type are repeatable")
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
        jobIndex.list(
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
  @Operation(summary = "Cancel a pending or running job (409 if it already ended)")
  ResponseEntity<ExportJob> cancel(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    return ResponseEntity.accepted().body(view(exports.cancel(caller, id)));
  }

  @PostMapping("/{id}/retry")
  @Operation(summary = "Run a failed or cancelled job again, same id, attempt + 1")
  ResponseEntity<ExportJob> retry(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    // the Location is built from the job found, never from the raw path (which may not be a URI)
    ExportJob job = exports.retry(caller, id);
    return ResponseEntity.accepted().location(URI.create(BASE + job.id())).body(view(job));
  }

  @PatchMapping("/{id}")
  @Operation(
      summary =
          "Change a completed job's retention ({\"retention\": \"P90D\"}); answers the job with"
              + " the new expiresAt, counted from completedAt")
  ExportJob patch(Caller caller, @PathVariable String id, @RequestBody Map<String, Object> body) {
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

  @DeleteMapping("/{id}/artifact")
  @Operation(summary = "Delete the artifact now (202); the job becomes expired")
  ResponseEntity<ExportJob> deleteArtifact(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    return ResponseEntity.accepted().body(view(exports.deleteArtifact(caller, id)));
  }

  @GetMapping("/{id}/artifact")
  @Operation(
      summary =
          "Download the artifact; Range requests are answered 206; each answer with bytes is"
              + " recorded as export.downloaded")
  void artifact(
      Caller caller,
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    caller.require(Scope.EXPORTS_READ);
    downloads.download(caller, exports.stored(caller, id), request, response);
  }

  @GetMapping("/{id}/verification")
  @Operation(
      summary =
          "Verify the stored artifact: its sha256, and for packs the signature, digests and chain")
  ArtifactVerification.Result verification(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_READ);
    return verifier.verify(exports.stored(caller, id));
  }

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
