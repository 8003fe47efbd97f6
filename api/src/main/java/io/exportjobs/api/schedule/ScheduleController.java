package io.exportjobs.api.schedule;

import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.OpenToOperators;
import io.exportjobs.api.security.Scope;
import io.exportjobs.api.web.Page;
import io.exportjobs.api.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@OpenToOperators
@RequestMapping("/api/v1/export-schedules")
@Tag(name = "schedules", description = "Recurring exports as Temporal Schedules")
class ScheduleController {

  static final String BASE = "/api/v1/export-schedules/";

  private final ScheduleService schedules;

  ScheduleController(ScheduleService schedules) {
    this.schedules = schedules;
  }

  @PostMapping
  @Operation(summary = "Create a schedule (201 + Location)")
  ResponseEntity<ExportSchedule> create(Caller caller, @RequestBody ScheduleBodies.Create body) {
    caller.require(Scope.EXPORTS_WRITE);
    ExportSchedule created = schedules.create(caller, body);
    return ResponseEntity.created(URI.create(BASE + created.id())).body(created);
  }

  @GetMapping
  @Operation(summary = "The tenant's schedules, by id descending, pageSize 1..200")
  Page<ExportSchedule> list(
      Caller caller,
      @RequestParam(required = false) Integer pageSize,
      @RequestParam(required = false) String pageToken) {
    caller.require(Scope.EXPORTS_READ);
    return schedules.list(caller, Paging.pageSize(pageSize), Paging.pageToken(pageToken));
  }

  @GetMapping("/preview")
  @Operation(summary = "Next run times of a cron in a time zone, computed without the server")
  ExportSchedule.Preview preview(
      Caller caller,
      @RequestParam(required = false) String cron,
      @RequestParam(required = false) String timezone,
      @RequestParam(required = false) Integer count) {
    caller.require(Scope.EXPORTS_READ);
    return schedules.preview(cron, timezone, count);
  }

  @GetMapping("/{id}")
  @Operation(summary = "One schedule, with nextRuns from the server and recentRuns")
  ExportSchedule get(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_READ);
    return schedules.get(caller, id);
  }

  @PatchMapping("/{id}")
  @Operation(summary = "Change some fields of a schedule")
  ExportSchedule patch(
      Caller caller, @PathVariable String id, @RequestBody ScheduleBodies.Create body) {
    caller.require(Scope.EXPORTS_WRITE);
    return schedules.patch(caller, id, body);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Delete a schedule; its past jobs and artifacts stay")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    schedules.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/pause")
  @Operation(summary = "Pause: no new runs until resumed")
  ExportSchedule pause(
      Caller caller,
      @PathVariable String id,
      @RequestBody(required = false) ScheduleBodies.Note body) {
    caller.require(Scope.EXPORTS_WRITE);
    return schedules.pause(caller, id, body == null ? null : body.note());
  }

  @PostMapping("/{id}/resume")
  @Operation(summary = "Resume a paused schedule")
  ExportSchedule resume(
      Caller caller,
      @PathVariable String id,
      @RequestBody(required = false) ScheduleBodies.Note body) {
    caller.require(Scope.EXPORTS_WRITE);
    return schedules.resume(caller, id, body == null ? null : body.note());
  }

  @PostMapping("/{id}/trigger")
  @Operation(summary = "Run once now (202)")
  ResponseEntity<Void> trigger(Caller caller, @PathVariable String id) {
    caller.require(Scope.EXPORTS_WRITE);
    schedules.trigger(caller, id);
    return ResponseEntity.accepted().build();
  }

  @PostMapping("/{id}/backfill")
  @Operation(summary = "Start the runs scheduled in [from, to) (202)")
  ResponseEntity<Void> backfill(
      Caller caller, @PathVariable String id, @RequestBody ScheduleBodies.Backfill body) {
    caller.require(Scope.EXPORTS_WRITE);
    schedules.backfill(caller, id, body);
    return ResponseEntity.accepted().build();
  }
}
