package io.exportjobs.api.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit: items submitted under one key (a tenant) by concurrent callers run in batches, one
 * batch of a key at a time, by one of the callers on behalf of all in it. A serialized section that
 * costs about the same for one item as for ten (a lock row, a ledger append that rewrites the
 * tree's tiles) then serves callers at the rate they arrive instead of queueing them one by one.
 *
 * <p>Fair and bounded: the caller whose item heads the queue runs the next batch, which holds its
 * own item and those behind it (at most {@code maxBatch}); it then hands the turn to the caller of
 * the item that heads the queue afterwards. No caller runs more than one batch, and a lone caller
 * runs its item alone at once. What the batch function answers for an item is that caller's result;
 * when the batch function throws, every item of that batch gets the exception.
 *
 * @param <I> what a caller submits
 * @param <O> what it gets back
 */
final class GroupCommit<I, O> {

  /** What the batch function answers for each item, in the order of the items. */
  interface Batch<I, O> {
    List<Outcome<O>> run(String key, List<I> items);
  }

  /** One item's outcome: a value, or the exception its caller gets. */
  record Outcome<O>(O value, RuntimeException failure) {

    static <O> Outcome<O> of(O value) {
      return new Outcome<>(value, null);
    }

    static <O> Outcome<O> failed(RuntimeException failure) {
      return new Outcome<>(null, failure);
    }
  }

  private final Batch<I, O> batch;
  private final int maxBatch;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  GroupCommit(Batch<I, O> batch, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
    }
    this.batch = batch;
    this.maxBatch = maxBatch;
  }

  /** Runs {@code item} in a batch of {@code key}'s items and answers its outcome. */
  O submit(String key, I item) {
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
    Waiter waiter = new Waiter(item);
    boolean leads;
    synchronized (lane) {
      lane.queue.add(waiter);
      leads = !lane.running;
      lane.running = true;
    }
    if (!leads) {
      // returns once either is complete, also when the result is a failure
      CompletableFuture.anyOf(waiter.result, waiter.turn).handle((done, failed) -> null).join();
      leads = !waiter.result.isDone();
    }
    if (leads) {
      runOneBatch(key, lane);
    }
    try {
      return waiter.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private void runOneBatch(String key, Lane lane) {
    List<Waiter> taken = new ArrayList<>();
    synchronized (lane) {
      while (taken.size() < maxBatch && !lane.queue.isEmpty()) {
        taken.add(lane.queue.poll());
      }
    }
    try {
      List<Outcome<O>> outcomes = batch.run(key, taken.stream().map(w -> w.item).toList());
      if (outcomes.size() != taken.size()) {
        throw new IllegalStateException(
            "the batch answered " + outcomes.size() + " outcomes for " + taken.size() + " items");
      }
      for (int i = 0; i < taken.size(); i++) {
        Outcome<O> outcome = outcomes.get(i);
        if (outcome.failure() != null) {
          taken.get(i).result.completeExceptionally(outcome.failure());
        } else {
          taken.get(i).result.complete(outcome.value());
        }
      }
    } catch (RuntimeException | Error e) {
      taken.forEach(w -> w.result.completeExceptionally(e));
    } finally {
      synchronized (lane) {
        Waiter next = lane.queue.peek();
        if (next == null) {
          lane.running = false;
        } else {
          next.turn.complete(null);
        }
      }
    }
  }

  /** A key's queue, and whether one of its batches is running (or about to). */
  private final class Lane {
    final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    boolean running;
  }

  private final class Waiter {
    final I item;
    final CompletableFuture<O> result = new CompletableFuture<>();

    /** Completed when this waiter's item heads the queue and its caller is to run the batch. */
    final CompletableFuture<Void> turn = new CompletableFuture<>();

    Waiter(I item) {
      this.item = item;
    }
  }
}
