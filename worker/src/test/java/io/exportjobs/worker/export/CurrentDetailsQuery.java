package io.exportjobs.worker.export;

import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowStub;

/** A workflow's current details, read the way the Web UI reads them: its metadata query. */
final class CurrentDetailsQuery {

  private CurrentDetailsQuery() {}

  static String of(WorkflowStub stub) {
    return stub.query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails();
  }
}
