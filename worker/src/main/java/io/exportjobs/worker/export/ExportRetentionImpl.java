package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.RetentionRequest;

/**
 * The retention of one completed job, started by its ExportWorkflow as child {@code <job
 * id>.retention}: a timer, two updates, three bookkeeping activities (delete the artifact, record
 * the job, append the ledger entry). Nothing of the export path, so that changes to the export
 * never touch a workflow that sleeps for months.
 */
public class ExportRetentionImpl implements ExportRetention {

  private JobRecorder recorder;
  private RetentionTimer timer;

  @Override
  public ExportJob run(RetentionRequest request) {
    recorder = new JobRecorder(request.job(), true);
    recorder.location(request.location());
    timer = new RetentionTimer(recorder);
    CurrentDetails.show(recorder.job());
    ExportJob expired = timer.awaitThenExpire();
    CurrentDetails.show(expired);
    return expired;
  }

  @Override
  public ExportJob state() {
    return recorder == null ? null : recorder.job();
  }

  @Override
  public void validateSetRetention(String retention) {
    started().validateSetRetention(retention);
  }

  @Override
  public ExportJob setRetention(String retention) {
    ExportJob job = timer.setRetention(retention);
    CurrentDetails.show(job);
    return job;
  }

  @Override
  public void validateDeleteArtifact() {
    started().validateDeleteArtifact();
  }

  @Override
  public ExportJob deleteArtifact() {
    return timer.deleteArtifact();
  }

  private RetentionTimer started() {
    if (timer == null) {
      throw new IllegalStateException("the retention workflow has not started yet");
    }
    return timer;
  }
}
