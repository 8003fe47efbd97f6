package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each progress report costs the job's workflow about four history events, so the extraction
 * reports at most every 5 % of the entries and every 10 s: at most 20 reports per attempt.
 */
class ProgressSignalsTest {

  static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

  final List<ExportProgress> sent = new ArrayList<>();
  final ProgressSignals signals = new ProgressSignals(client());

  private WorkflowClient client() {
    WorkflowClient client = mock(WorkflowClient.class);
    WorkflowStub stub = mock(WorkflowStub.class);
    when(client.newUntypedWorkflowStub("exp-demo-1")).thenReturn(stub);
    doAnswer(
            call -> {
              sent.add(call.getArgument(1));
              return null;
            })
        .when(stub)
        .signal(eq(TemporalNames.SIGNAL_PROGRESS), any());
    return client;
  }

  @Test
  void aLongExtractionReportsAtMostTwentyTimes() {
    ProgressSignals.Reporter reporter = signals.reporter("exp-demo-1", 1_000_000L, 0, T0);
    // an hour of extraction, offered every second, evenly
    for (int s = 1; s <= 3_600; s++) {
      reporter.offer(s * 1_000_000L / 3_600, s * 400L, T0.plusSeconds(s));
    }
    assertThat(sent).hasSizeBetween(19, 20);
    for (int i = 1; i < sent.size(); i++) {
      assertThat(sent.get(i).entriesExported() - sent.get(i - 1).entriesExported())
          .isGreaterThanOrEqualTo(50_000);
    }
  }

  @Test
  void aQuickExtractionReportsAtMostEveryTenSeconds() {
    ProgressSignals.Reporter reporter = signals.reporter("exp-demo-1", 1_000L, 0, T0);
    for (int ms = 100; ms <= 25_000; ms += 100) {
      reporter.offer(ms / 25, ms, T0.plusMillis(ms));
    }
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)).isEqualTo(new ExportProgress(400, 10_000));
  }

  @Test
  void withoutATotalOncePerMinute() {
    ProgressSignals.Reporter reporter = signals.reporter("exp-demo-1", null, 0, T0);
    for (int s = 1; s <= 600; s++) {
      reporter.offer(s, s, T0.plus(Duration.ofSeconds(s)));
    }
    assertThat(sent).hasSize(10);
  }

  @Test
  void aResumedAttemptCountsFromWhereItResumed() {
    ProgressSignals.Reporter reporter = signals.reporter("exp-demo-1", 1_000L, 900, T0);
    reporter.offer(940, 1, T0.plusSeconds(30));
    assertThat(sent).isEmpty();
    reporter.offer(950, 1, T0.plusSeconds(31));
    assertThat(sent).hasSize(1);
  }
}
