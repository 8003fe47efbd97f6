package io.exportjobs.e2e;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;

/** What an operator would see of a job's workflow in the Web UI or with `temporal describe`. */
final class Workflows {

  private Workflows() {}

  static DescribeWorkflowExecutionResponse describe(WorkflowClient client, String id) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).build())
                .build());
  }

  static WorkflowExecutionStatus status(WorkflowClient client, String id) {
    return describe(client, id).getWorkflowExecutionInfo().getStatus();
  }

  /** Entries in an extraction's last heartbeat, as the server recorded it; 0 if none yet. */
  static long checkpointed(io.temporal.api.workflow.v1.PendingActivityInfo activity) {
    if (!activity.hasHeartbeatDetails() || activity.getHeartbeatDetails().getPayloadsCount() == 0) {
      return 0;
    }
    java.util.Map<?, ?> checkpoint =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            activity.getHeartbeatDetails().getPayloads(0),
            java.util.Map.class,
            java.util.Map.class);
    return ((Number) checkpoint.get("entries")).longValue();
  }

  /** The job's {@code ExportStatus} search attribute as the server holds it. */
  static String exportStatus(WorkflowClient client, String id) {
    Payload p =
        describe(client, id)
            .getWorkflowExecutionInfo()
            .getSearchAttributes()
            .getIndexedFieldsOrThrow("ExportStatus");
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(p, String.class, String.class);
  }
}
