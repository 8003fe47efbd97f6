package io.exportjobs.worker.extraction;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads on a thread of its own and hands what it read over through a small bounded queue, so that
 * reading the database and formatting and writing the file overlap. Memory stays bounded: at most
 * {@code depth} batches of entries wait in the queue.
 */
final class ReadAhead {

  private static final Object END = new Object();

  /** Runs on the reader thread and hands each item over; {@link Hand#accept} blocks when full. */
  interface Producer<T> {
    void produce(Hand<T> hand) throws Exception;
  }

  /** The reader's side of the queue. */
  interface Hand<T> {
    /** Queues {@code item}; throws (unchecked) once the writer has stopped. */
    void accept(T item);

    /** Throws (unchecked) once the writer has stopped: for a reader about to block elsewhere. */
    void checkNotStopped();
  }

  /** What the writer does with each item; may throw to stop the read. */
  interface Sink<T> {
    void accept(T item) throws Exception;
  }

  /** Called on the writer's thread after a second without items; may throw to stop the read. */
  interface Idle {
    void waited() throws Exception;
  }

  private ReadAhead() {}

  /**
   * Runs {@code producer} on a reader thread and feeds {@code sink} on the calling thread. Whatever
   * either side throws stops both and is rethrown here. When the calling side stops first (the
   * activity was cancelled, writing failed), {@code unblock} is called before the reader is waited
   * for, to end a read that is blocked on the database rather than on the queue.
   */
  static <T> void run(
      String name, int depth, Producer<T> producer, Sink<T> sink, Idle idle, Runnable unblock)
      throws Exception {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(depth);
    Reader<T> reader = new Reader<>(producer, queue);
    Thread thread = new Thread(reader, name);
    thread.setDaemon(true);
    thread.start();
    boolean readerDone = false;
    try {
      while (true) {
        Object item = queue.poll(1, TimeUnit.SECONDS);
        if (item == null) {
          // the database is still working on the first rows (a sort, a sparse filter)
          idle.waited();
          continue;
        }
        if (item == END) {
          readerDone = true;
          break;
        }
        if (item instanceof Failure failure) {
          readerDone = true;
          throw failure.cause;
        }
        @SuppressWarnings("unchecked")
        T t = (T) item;
        sink.accept(t);
      }
    } finally {
      reader.stopped = true;
      queue.clear(); // unblocks a reader waiting to put, which then sees the stop
      if (!readerDone) {
        unblock.run(); // and one waiting on the database
      }
      thread.join();
    }
  }

  private record Failure(Exception cause) {}

  /** Thrown on the reader thread once the writer has stopped; ends the read quietly. */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  private static final class Reader<T> implements Runnable, Hand<T> {
    private final Producer<T> producer;
    private final BlockingQueue<Object> queue;
    private volatile boolean stopped;

    Reader(Producer<T> producer, BlockingQueue<Object> queue) {
      this.producer = producer;
      this.queue = queue;
    }

    @Override
    public void run() {
      try {
        producer.produce(this);
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

    @Override
    public void accept(T item) {
      hand(item);
    }

    @Override
    public void checkNotStopped() {
      if (stopped) {
        throw new Stopped();
      }
    }

    private void hand(Object item) {
      try {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          checkNotStopped();
        }
        checkNotStopped();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      }
    }
  }
}
