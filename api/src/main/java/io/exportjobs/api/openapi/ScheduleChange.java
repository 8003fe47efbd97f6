package io.exportjobs.api.openapi;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;

/**
 * {@code PATCH /export-schedules/{id}} takes the fields of a schedule that change, none of them
 * required, where {@code POST} needs cron, window and job: the same record in the code, two schemas
 * in the document ({@code ScheduleRequest}, {@code ScheduleChange}).
 */
final class ScheduleChange {

  private ScheduleChange() {}

  static void add(OpenAPI api) {
    Schema<?> create = api.getComponents().getSchemas().get("ScheduleRequest");
    Schema<?> change = Json31.mapper().convertValue(create, Schema.class);
    change.setRequired(new ArrayList<>());
    // what a PATCH cannot change is not in it: the id is the path's (a body may repeat it, never
    // change it), and a schedule keeps its mode and startSeq (a PATCH body's are not read)
    change.getProperties().remove("id");
    change.getProperties().remove("mode");
    change.getProperties().remove("startSeq");
    // the rule between mode, window and startSeq is the schedule's, as it was created
    change.setIf(null);
    change.setThen(null);
    change.setElse(null);
    // null is "as it is" for every field of a PATCH, cron and job too
    change.getProperties().replaceAll((name, property) -> SchemaPatch.nullable(property));
    change.setDescription(
        "The fields to change. The id is the path's (a body's `id`, if any, must be the same);"
            + " mode and startSeq stay as the schedule was created");
    api.getComponents().addSchemas("ScheduleChange", change);
    PathItem item = api.getPaths().get("/api/v1/export-schedules/{id}");
    item.getPatch()
        .getRequestBody()
        .getContent()
        .forEach((type, media) -> media.setSchema(SchemaPatch.ref("ScheduleChange")));
    // pause and resume take an optional note: no body, {"note": ...} or JSON null
    for (String action : new String[] {"pause", "resume"}) {
      api.getPaths()
          .get("/api/v1/export-schedules/{id}/" + action)
          .getPost()
          .getRequestBody()
          .getContent()
          .forEach(
              (type, media) ->
                  media.setSchema(SchemaPatch.nullable(SchemaPatch.ref("ScheduleNote"))));
    }
  }
}
