package io.exportjobs.shared.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface AuditActivities {

  @ActivityMethod(name = "AppendAuditEvent")
  void append(AuditEvent event);
}
