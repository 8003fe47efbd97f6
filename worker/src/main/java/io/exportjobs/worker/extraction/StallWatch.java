package io.exportjobs.worker.extraction;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an activity alive while its thread may be blocked on the database: a COPY whose rows are
 * slow to come (a sort, a sparse filter, a lock held by another session). Every {@code every}, a
 * thread of its own calls {@code beat}, which heartbeats if the activity's thread has not lately. A
 * heartbeat is also how a cancellation arrives: when {@code beat} throws, the watch keeps what it
 * threw and calls {@code unblock} (which aborts the connection), so that the blocked read fails and
 * the activity's thread throws the cancellation instead of the broken read.
 */
final class StallWatch implements AutoCloseable {

  /** A heartbeat if one is owed; throws when the activity was cancelled or timed out. */
  interface Beat {
    void beat();
  }

  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private volatile RuntimeException failure;

  StallWatch(String name, Duration every, Beat beat, Runnable unblock) {
    this.thread =
        new Thread(
            () -> {
              try {
                while (!closed.await(every.toNanos(), TimeUnit.NANOSECONDS)) {
                  beat.beat();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                failure = e;
                unblock.run();
              }
            },
            name + "-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether a heartbeat of the watch threw, and the connection was unblocked. */
  boolean failed() {
    return failure != null;
  }

  /**
   * Rethrows what a heartbeat of the watch threw, if one did (then the read failed because of it);
   * otherwise returns, and the caller throws its own failure.
   */
  void rethrowFailure() {
    RuntimeException stopped = failure;
    if (stopped != null) {
      throw stopped;
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed.countDown();
    thread.join();
  }
}
