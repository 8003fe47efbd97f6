package io.exportjobs.api.schedule;

import io.exportjobs.api.openapi.ProblemAnswer;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.api.web.Page;
import io.exportjobs.api.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@OpenToOperators
@RequestMapping("/api/v1/export-schedules")
@Tag(name = "schedules", description = "Recurring exports as Temporal Schedules")
class ScheduleController {

  static final String BASE = "/api/v1/export-schedules/";

  /** A schedule's own path: any id but {@code preview}, which is the cron preview's. */
  static final String ID = "/{id:(?!preview$).+}";

  private final ScheduleService schedules;

  ScheduleController(ScheduleService schedules) {
    this.schedules = schedules;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createSchedule", summary = "Create a schedule (201 + Location)")
  @ApiResponse(
      responseCode = "201",
      description = "The schedule",
      headers = @Header(name = "Location", description = "/api/v1/export-schedules/{id}"))
  @ProblemAnswer(status = 400, codes = "validation_failed", when = "a field is missing or invalid")
  @ProblemAnswer(
      status = 403,
      codes = "policy_denied",
      when = "a job type or format the tenant may not use")
  @ProblemAnswer(status = 409, codes = "conflict", when = "a schedule with this id exists")
  @ProblemAnswer(
      status = 422,
      codes = "out_of_bounds",
      when = "window or retention outside the policy's bounds")
  ResponseEntity<ExportSchedule> create(Caller caller, @RequestBody ScheduleBodies.Create body) {
    caller.require(Scope.EXPORTS_WRITE);
    ExportSchedule created = schedules.create(caller, body);
    return ResponseEntity.created(URI.create(BASE + created.id())).body(created);
  }

  @GetMapping
  @Operation(
      operationId = "listSchedules",
      summary = "The tenant's schedules, by id descending, pageSize 1..200")
  Page<ExportSchedule> list(
      Caller caller,
      @RequestParam(required = false) Integer pageSize,
      @RequestParam(required = false) String pageToken) {
    caller.require(Scope.EXPORTS_READ);
    return schedules.list(caller, Paging.pageSize(pageSize), Paging.pageToken(pageToken));
  }

  @GetMapping("/preview")
  @Operation(
      operationId = "previewCron",
      summary = "Next run times of a cron in a time zone, computed without the server")
  @ProblemAnswer(
      status = 400,
      codes = "validation_failed",
      when = "no cron, or a cron, time zone or count that is not valid")
  ExportSchedule.Preview preview(
      Caller caller,
      @RequestParam(required = false) String cron,
      @RequestParam(required = false) String timezone,
      @RequestParam(required = false) Integer count) {
    caller.require(Scope.EXPORTS_READ);
    return schedules.preview(cron, timezone, count);
  }

  @GetMapping(ScheduleController.ID)
  @Operation(
      operationId = "getSchedule",
      summary = "One schedule, with nextRuns from the server and recentRuns")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such schedule in the tenant")
  ExportSchedule get(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_READ);
    return schedules.get(caller, id);
  }

  @PatchMapping(ScheduleController.ID)
  @Operation(operationId = "updateSchedule", summary = "Change some fields of a schedule")
  @ProblemAnswer(
      status = 405,
      codes = "method_not_allowed",
      when = "the id preview, which is the cron preview's path")
  @ProblemAnswer(
      status = 400,
      codes = "validation_failed",
      when = "a field is invalid, or the id is given")
  @ProblemAnswer(
      status = 403,
      codes = "policy_denied",
      when = "a job type or format the tenant may not use")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such schedule in the tenant")
  @ProblemAnswer(
      status = 422,
      codes = "out_of_bounds",
      when = "window or retention outside the policy's bounds")
  ExportSchedule patch(
      Caller caller, @PathVariable String id, @RequestBody ScheduleBodies.Create body) {
    caller.require(Scope.EXPORTS_WRITE);
    return schedules.patch(caller, id, body);
  }

  @DeleteMapping(ScheduleController.ID)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteSchedule",
      summary = "Delete a schedule; its past jobs and artifacts stay")
  @ProblemAnswer(
      status = 405,
      codes = "method_not_allowed",
      when = "the id preview, which is the cron preview's path")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such schedule in the tenant")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    schedules.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/pause")
  @Operation(operationId = "pauseSchedule", summary = "Pause: no new runs until resumed")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such schedule in the tenant")
  ExportSchedule pause(
      Caller caller,
      @PathVariable String id,
      @RequestBody(required = false) ScheduleBodies.Note body) {
    caller.require(Scope.EXPORTS_WRITE);
    return schedules.pause(caller, id, body == null ? null : body.note());
  }

  @PostMapping("/{id}/resume")
  @Operation(operationId = "resumeSchedule", summary = "Resume a paused schedule")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such schedule in the tenant")
  ExportSchedule resume(
      Caller caller,
      @PathVariable String id,
      @RequestBody(required = false) ScheduleBodies.Note body) {
    caller.require(Scope.EXPORTS_WRITE);
    return schedules.resume(caller, id, body == null ? null : body.note());
  }

  @PostMapping("/{id}/trigger")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(operationId = "triggerSchedule", summary = "Run once now (202)")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such schedule in the tenant")
  ResponseEntity<Void> trigger(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    schedules.trigger(caller, id);
    return ResponseEntity.accepted().build();
  }

  @PostMapping("/{id}/backfill")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "backfillSchedule",
      summary = "Start the runs scheduled in [from, to) (202)")
  @ProblemAnswer(
      status = 400,
      codes = "validation_failed",
      when = "from not before to, or over P366D")
  @ProblemAnswer(status = 404, codes = "not_found", when = "no such schedule in the tenant")
  ResponseEntity<Void> backfill(
      Caller caller, @PathVariable String id, @RequestBody ScheduleBodies.Backfill body) {
    caller.require(Scope.EXPORTS_WRITE);
    schedules.backfill(caller, id, body);
    return ResponseEntity.accepted().build();
  }
}
