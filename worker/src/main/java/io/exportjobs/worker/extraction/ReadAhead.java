package io.exportjobs.worker.extraction;

import io.exportjobs.shared.ledger.RecordedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Reads entries on a thread of its own and hands them over in batches through a small bounded
 * queue, so that reading the database and formatting and writing the file overlap. Memory stays
 * bounded: at most {@code QUEUED} batches of {@code BATCH} entries are in flight.
 */
final class ReadAhead {

  private static final int BATCH = 512;
  private static final int QUEUED = 8;
  private static final Object END = new Object();

  /** What the writer does with each entry; may throw to stop the read. */
  interface Sink {
    void accept(RecordedEntry entry) throws Exception;
  }

  /** Called on the writer's thread after a second without rows; may throw to stop the read. */
  interface Idle {
    void waited() throws Exception;
  }

  private ReadAhead() {}

  /**
   * Runs {@code source} (which pushes entries into the consumer it is given) on a reader thread and
   * feeds {@code sink} on the calling thread. Whatever either side throws stops both and is
   * rethrown here.
   */
  static void run(String name, Consumer<Consumer<RecordedEntry>> source, Sink sink, Idle idle)
      throws Exception {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED);
    Reader reader = new Reader(source, queue);
    Thread thread = new Thread(reader, name);
    thread.setDaemon(true);
    thread.start();
    try {
      while (true) {
        Object item = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
        if (item == null) {
          // the database is still working on the first rows (a sort, a sparse filter)
          idle.waited();
          continue;
        }
        if (item == END) {
          break;
        }
        if (item instanceof Failure failure) {
          throw failure.cause;
        }
        @SuppressWarnings("unchecked")
        List<RecordedEntry> batch = (List<RecordedEntry>) item;
        for (RecordedEntry entry : batch) {
          sink.accept(entry);
        }
      }
    } finally {
      reader.stopped = true;
      queue.clear(); // unblocks a reader waiting to put, which then sees the stop
      thread.join();
    }
  }

  private record Failure(Exception cause) {}

  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  private static final class Reader implements Runnable {
    private final Consumer<Consumer<RecordedEntry>> source;
    private final BlockingQueue<Object> queue;
    private volatile boolean stopped;
    private List<RecordedEntry> batch = new ArrayList<>(BATCH);

    Reader(Consumer<Consumer<RecordedEntry>> source, BlockingQueue<Object> queue) {
      this.source = source;
      this.queue = queue;
    }

    @Override
    public void run() {
      try {
        source.accept(
            entry -> {
              batch.add(entry);
              if (batch.size() == BATCH) {
                hand(batch);
                batch = new ArrayList<>(BATCH);
              }
            });
        if (!batch.isEmpty()) {
          hand(batch);
        }
        hand(END);
      } catch (Stopped stopped) {
        // the writer stopped first and reports why
      } catch (Exception e) {
        try {
          hand(new Failure(e));
        } catch (Stopped ignored) {
          // the writer is gone already
        }
      }
    }

    private void hand(Object item) {
      try {
        while (!queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          if (stopped) {
            throw new Stopped();
          }
        }
        if (stopped) {
          throw new Stopped();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      }
    }
  }
}
