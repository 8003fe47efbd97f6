package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.client.ActivityCanceledException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StallWatchTest {

  static final Duration EVERY = Duration.ofMillis(20);

  @Test
  void beatsUntilClosedAndUnblocksNothingWhileBeatsSucceed() throws Exception {
    AtomicInteger beats = new AtomicInteger();
    AtomicInteger unblocked = new AtomicInteger();
    StallWatch watch =
        new StallWatch("test", EVERY, beats::incrementAndGet, unblocked::incrementAndGet);
    await().atMost(Duration.ofSeconds(5)).until(() -> beats.get() >= 3);
    watch.close();
    int afterClose = beats.get();

    assertThat(unblocked).hasValue(0);
    watch.rethrowFailure(); // nothing to rethrow: returns
    await()
        .during(EVERY.multipliedBy(5))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(beats).hasValue(afterClose));
  }

  @Test
  void aFailedBeatUnblocksOnceAndIsRethrownToTheWatchedThread() throws Exception {
    ActivityCanceledException cancelled = new ActivityCanceledException();
    AtomicInteger beats = new AtomicInteger();
    AtomicInteger unblocked = new AtomicInteger();
    try (StallWatch watch =
        new StallWatch(
            "test",
            EVERY,
            () -> {
              if (beats.incrementAndGet() == 2) {
                throw cancelled;
              }
            },
            unblocked::incrementAndGet)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> unblocked.get() == 1);

      assertThatThrownBy(watch::rethrowFailure).isSameAs(cancelled);
      await()
          .during(EVERY.multipliedBy(5))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(beats).as("no beat after the failed one").hasValue(2);
                assertThat(unblocked).hasValue(1);
              });
    }
  }
}
