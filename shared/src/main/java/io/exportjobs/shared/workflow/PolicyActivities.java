package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface PolicyActivities {

  /**
   * Checks the request against the tenant's policy as configured now; a denial is a non-retryable
   * {@code policy_denied} failure.
   */
  @ActivityMethod(name = "CheckExportPolicy")
  void checkPolicy(ExportRequest request);
}
