package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface PolicyActivities {

  /**
   * Checks the request against the tenant's policy as configured now and counts the entries the
   * export would hold; a denial is a non-retryable {@code policy_denied} failure. (Runs of the
   * first two versions recorded no result; it reads as null there.)
   */
  @ActivityMethod(name = "CheckExportPolicy")
  PolicyCheck checkPolicy(ExportRequest request);
}
