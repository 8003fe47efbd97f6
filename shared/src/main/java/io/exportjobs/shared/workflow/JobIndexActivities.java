package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.JobSnapshot;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface JobIndexActivities {

  /** Writes the job's new state to the job index; idempotent and never moves a job backwards. */
  @ActivityMethod(name = "RecordJobStatus")
  void record(JobSnapshot snapshot);
}
