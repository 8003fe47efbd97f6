package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells a job's workflow how far its extraction is (signal {@code progress}), so that the Web UI's
 * current details show entries done / total while it runs. A workflow learns anything only through
 * history events, and each signal costs four (the signal and a workflow task), so reports are
 * throttled: at most one per 5 % of the job's {@code entriesTotal} and per 10 s, i.e. at most 20
 * reports, about 80 events, per extraction attempt. Without a total (jobs of earlier versions), one
 * a minute.
 */
@Component
public class ProgressSignals {

  static final int STEPS = 20;
  static final Duration MIN_GAP = Duration.ofSeconds(10);
  static final Duration GAP_WITHOUT_TOTAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(ProgressSignals.class);

  private final WorkflowClient client;

  @Autowired
  public ProgressSignals(WorkflowClient client) {
    this.client = client;
  }

  private ProgressSignals() {
    this.client = null;
  }

  /** Reports nothing (tests of the extraction alone). */
  public static ProgressSignals off() {
    return new ProgressSignals();
  }

  Reporter reporter(String workflowId, Long entriesTotal, long entriesSoFar, Instant now) {
    return new Reporter(workflowId, entriesTotal, entriesSoFar, now);
  }

  /** The reports of one extraction attempt. */
  final class Reporter {
    private final String workflowId;
    private final long step;
    private final Duration gap;
    private long reportedEntries;
    private Instant next;

    private Reporter(String workflowId, Long entriesTotal, long entriesSoFar, Instant now) {
      this.workflowId = workflowId;
      this.step = entriesTotal == null ? 1 : Math.max(1, entriesTotal / STEPS);
      this.gap = entriesTotal == null ? GAP_WITHOUT_TOTAL : MIN_GAP;
      this.reportedEntries = entriesSoFar;
      this.next = now.plus(gap);
    }

    /** Reports if enough has been done since the last report, and long enough ago. */
    void offer(long entries, long bytes, Instant now) {
      if (client == null || now.isBefore(next) || entries - reportedEntries < step) {
        return;
      }
      reportedEntries = entries;
      next = now.plus(gap);
      try {
        client
            .newUntypedWorkflowStub(workflowId)
            .signal(TemporalNames.SIGNAL_PROGRESS, new ExportProgress(entries, bytes));
      } catch (RuntimeException e) {
        // progress is for people watching; the extraction goes on regardless
        log.debug("could not report the progress of {}: {}", workflowId, e.getMessage());
      }
    }
  }
}
