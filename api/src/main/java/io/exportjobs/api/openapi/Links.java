package io.exportjobs.api.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.links.Link;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * OpenAPI links from the calls that create a resource to the calls that use its id, so that a
 * client (or a tester such as Schemathesis) can follow them: a created job to reading, cancelling,
 * retrying and downloading it, a created schedule to its calls, a webhook to its deliveries.
 */
final class Links {

  private Links() {}

  static void add(OpenAPI api) {
    link(
        api,
        "/api/v1/exports",
        "post",
        "202",
        "getExport",
        "cancelExport",
        "retryExport",
        "downloadArtifact",
        "verifyArtifact",
        "deleteArtifact",
        "updateExportRetention");
    // a cancelled job is one that can be retried: the way to a retry that is not refused 409
    link(api, "/api/v1/exports/{id}/cancel", "post", "202", "retryExport", "getExport");
    link(
        api,
        "/api/v1/export-schedules",
        "post",
        "201",
        "getSchedule",
        "updateSchedule",
        "pauseSchedule",
        "resumeSchedule",
        "triggerSchedule",
        "backfillSchedule",
        "deleteSchedule");
    link(
        api,
        "/api/v1/webhooks",
        "post",
        "201",
        "getWebhook",
        "listWebhookDeliveries",
        "rotateWebhookSecret",
        "deleteWebhook");
  }

  private static void link(
      OpenAPI api, String path, String method, String status, String... operationIds) {
    PathItem item = api.getPaths().get(path);
    if (item == null) {
      return;
    }
    Operation operation =
        item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.toUpperCase()));
    ApiResponse response = operation == null ? null : operation.getResponses().get(status);
    if (response == null) {
      throw new IllegalStateException(method + " " + path + " has no " + status + " answer");
    }
    for (String id : operationIds) {
      response.link(
          id,
          new Link()
              .operationId(id)
              .parameters("id", "$response.body#/id")
              .description("the created resource's id"));
    }
  }
}
