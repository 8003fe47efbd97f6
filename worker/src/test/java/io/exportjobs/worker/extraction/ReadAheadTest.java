package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReadAheadTest {

  @Test
  void everyItemReachesTheSinkInOrderAndAFinishedReaderIsNotUnblocked() throws Exception {
    List<Integer> seen = new ArrayList<>();
    AtomicInteger unblocked = new AtomicInteger();

    ReadAhead.<Integer>run(
        "test",
        2,
        hand -> {
          for (int i = 0; i < 100; i++) {
            hand.accept(i);
          }
        },
        seen::add,
        () -> {},
        unblocked::incrementAndGet);

    assertThat(seen).hasSize(100).isSorted();
    assertThat(unblocked).hasValue(0);
  }

  @Test
  void aReaderThatFailsStopsTheRunWithItsFailureAndIsNotUnblocked() {
    IOException broken = new IOException("connection reset");
    AtomicInteger unblocked = new AtomicInteger();

    assertThatThrownBy(
            () ->
                ReadAhead.<Integer>run(
                    "test",
                    2,
                    hand -> {
                      hand.accept(1);
                      throw broken;
                    },
                    item -> {},
                    () -> {},
                    unblocked::incrementAndGet))
        .isSameAs(broken);
    assertThat(unblocked).hasValue(0);
  }

  /**
   * The writer stops (here its idle heartbeat reports a cancellation) while the reader waits on
   * something other than the queue, as on the database: the unblock ends that wait, and the run
   * rethrows the writer's failure. Without the unblock, the test times out.
   */
  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWriterThatStopsUnblocksAReaderWaitingElsewhere() throws Exception {
    CountDownLatch rowsCome = new CountDownLatch(1);
    IllegalStateException cancelled = new IllegalStateException("cancelled");
    AtomicInteger idle = new AtomicInteger();
    AtomicInteger readerEnded = new AtomicInteger();

    assertThatThrownBy(
            () ->
                ReadAhead.<Integer>run(
                    "test",
                    2,
                    hand -> {
                      try {
                        rowsCome.await(); // a statement waiting for a lock
                        hand.checkNotStopped();
                        hand.accept(1);
                      } finally {
                        readerEnded.incrementAndGet();
                      }
                    },
                    item -> {},
                    () -> {
                      if (idle.incrementAndGet() == 2) {
                        throw cancelled;
                      }
                    },
                    rowsCome::countDown))
        .isSameAs(cancelled);
    assertThat(readerEnded).as("the reader ended before run returned").hasValue(1);
  }
}
