package io.exportjobs.api.export;

import io.exportjobs.api.openapi.ProblemAnswer;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.shared.export.ExportJob;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A job's artifact: download (with ranges), verification, deletion before its expiry. */
@RestController
@OpenToOperators
@RequestMapping("/api/v1/exports")
@Tag(name = "exports", description = "Export jobs: submit, watch, cancel, retry, download")
class ArtifactController {

  private final ExportService exports;
  private final ArtifactDownloads downloads;
  private final ArtifactVerification verifier;

  ArtifactController(
      ExportService exports, ArtifactDownloads downloads, ArtifactVerification verifier) {
    this.exports = exports;
    this.downloads = downloads;
    this.verifier = verifier;
  }

  @DeleteMapping("/{id}/artifact")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "deleteArtifact",
      summary = "Delete the artifact now (202); the job becomes expired")
  @ApiResponse(responseCode = "202", description = "The job, expired")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such job in the tenant")
  @ProblemAnswer(status = 409, codes = "conflict", when = "the job is not completed")
  ResponseEntity<ExportJob> deleteArtifact(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    return ResponseEntity.accepted()
        .body(ExportController.view(exports.deleteArtifact(caller, id)));
  }

  @GetMapping("/{id}/artifact")
  @Operation(
      operationId = "downloadArtifact",
      summary =
          "Download the artifact; Range requests are answered 206; each answer with bytes is"
              + " recorded as export.downloaded")
  @ApiResponse(
      responseCode = "200",
      description = "The whole artifact",
      headers = {
        @Header(name = "ETag", description = "the sha256, quoted"),
        @Header(name = "Repr-Digest", description = "sha-256=:<base64>: (RFC 9530)"),
        @Header(name = "Content-Disposition", description = "attachment; filename=..."),
        @Header(name = "Accept-Ranges", description = "bytes")
      },
      content = {
        @Content(
            mediaType = "application/x-ndjson",
            schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/json",
            schema = @Schema(description = "the JSON artifact")),
        @Content(
            mediaType = "application/gzip",
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/zip",
            schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "text/html", schema = @Schema(type = "string", format = "binary"))
      })
  @ApiResponse(
      responseCode = "206",
      description = "The ranges asked for; several as multipart/byteranges",
      headers = @Header(name = "Content-Range", description = "bytes <first>-<last>/<size>"),
      content = {
        @Content(
            mediaType = "application/x-ndjson",
            schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/json",
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/gzip",
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/zip",
            schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "text/html", schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "multipart/byteranges",
            schema = @Schema(type = "string", format = "binary"))
      })
  @ApiResponse(
      responseCode = "302",
      description =
          "Targets with presigning on: a presigned URL of the object store, valid for a few minutes",
      headers = @Header(name = "Location", description = "the presigned URL"))
  @ApiResponse(responseCode = "304", description = "If-None-Match names the artifact's ETag")
  @Parameter(
      in = ParameterIn.HEADER,
      name = "Range",
      description = "bytes=<first>-<last>, ... (RFC 9110)",
      schema = @Schema(type = "string"))
  @Parameter(
      in = ParameterIn.HEADER,
      name = "If-Range",
      description = "an ETag: the Range applies only if it matches",
      schema = @Schema(type = "string"))
  @Parameter(
      in = ParameterIn.HEADER,
      name = "If-None-Match",
      description = "an ETag: 304 if it matches",
      schema = @Schema(type = "string"))
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such job in the tenant")
  @ProblemAnswer(status = 409, codes = "conflict", when = "the job has not completed")
  @ProblemAnswer(status = 410, codes = "gone", when = "the artifact expired or was deleted")
  @ProblemAnswer(
      status = 416,
      codes = "range_not_satisfiable",
      when = "no range asked for lies within the artifact")
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
      operationId = "verifyArtifact",
      summary =
          "Verify the stored artifact: its sha256, and for packs the signature, digests and chain")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such job in the tenant")
  @ProblemAnswer(status = 409, codes = "conflict", when = "the job has not completed")
  @ProblemAnswer(status = 410, codes = "gone", when = "the artifact expired or was deleted")
  ArtifactVerification.Result verification(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_READ);
    return verifier.verify(exports.stored(caller, id));
  }
}
