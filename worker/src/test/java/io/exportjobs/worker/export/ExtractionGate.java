package io.exportjobs.worker.export;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An extraction that runs (heartbeating) until it is cancelled: a job that stays {@code running}
 * for as long as a test needs it to.
 */
final class ExtractionGate {

  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicBoolean cancelled = new AtomicBoolean();

  private ExtractionGate() {}

  static ExtractionGate on(ActivityMocks m) {
    ExtractionGate gate = new ExtractionGate();
    CountDownLatch neverReleased = new CountDownLatch(1);
    doAnswer(
            call -> {
              ActivityExecutionContext ctx = Activity.getExecutionContext();
              gate.started.countDown();
              Instant giveUp = Instant.now().plusSeconds(30);
              while (Instant.now().isBefore(giveUp)) {
                try {
                  ctx.heartbeat(null);
                } catch (ActivityCompletionException cancelledOrGone) {
                  gate.cancelled.set(true);
                  throw cancelledOrGone;
                }
                // wait between heartbeats; nothing releases this latch
                neverReleased.await(50, TimeUnit.MILLISECONDS);
              }
              throw new IllegalStateException("the cancellation never reached the activity");
            })
        .when(m.extraction)
        .extract(any());
    return gate;
  }

  void awaitStarted() {
    await().atMost(Duration.ofSeconds(15)).until(() -> started.getCount() == 0);
  }

  boolean cancellationReachedActivity() {
    return cancelled.get();
  }
}
