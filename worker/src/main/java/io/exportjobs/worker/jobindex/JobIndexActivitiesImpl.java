package io.exportjobs.worker.jobindex;

import io.exportjobs.shared.export.JobIndex;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.workflow.JobIndexActivities;
import org.springframework.stereotype.Component;

@Component("jobIndexActivities")
public class JobIndexActivitiesImpl implements JobIndexActivities {

  private final JobIndex jobIndex;

  public JobIndexActivitiesImpl(JobIndex jobIndex) {
    this.jobIndex = jobIndex;
  }

  @Override
  public void record(JobSnapshot snapshot) {
    jobIndex.record(snapshot);
  }
}
