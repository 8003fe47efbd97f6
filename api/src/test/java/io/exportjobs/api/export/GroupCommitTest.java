package io.exportjobs.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  @Test
  void aLoneItemRunsAloneAndGetsItsOwnOutcome() {
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer, String> commit =
        new GroupCommit<>(
            (key, items) -> {
              batches.add(items);
              return items.stream().map(i -> GroupCommit.Outcome.of(key + ":" + i)).toList();
            },
            8);

    assertThat(commit.submit("acme", 1)).isEqualTo("acme:1");
    assertThat(commit.submit("acme", 2)).isEqualTo("acme:2");
    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void callersThatArriveWhileABatchRunsShareTheNextOneAndEachGetsItsOwnAnswer() throws Exception {
    CountDownLatch firstIsRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(
            (key, items) -> {
              mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
              batches.add(items);
              if (items.contains(0)) {
                firstIsRunning.countDown();
                await(releaseFirst);
              }
              running.decrementAndGet();
              return items.stream()
                  .map(
                      i ->
                          i % 2 == 0
                              ? GroupCommit.Outcome.of(i * 10)
                              : GroupCommit.Outcome.<Integer>failed(
                                  new IllegalArgumentException("odd " + i)))
                  .toList();
            },
            4);
    ExecutorService callers = Executors.newFixedThreadPool(7, named("group-commit-caller-"));
    try {
      Future<Integer> first = callers.submit(() -> commit.submit("demo", 0));
      assertThat(firstIsRunning.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Integer>> queued = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        int item = i;
        queued.add(callers.submit(() -> commit.submit("demo", item)));
      }
      // all six are queued behind the running batch before it ends
      org.awaitility.Awaitility.await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> queuedThreads(callers) == 6);
      releaseFirst.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
      for (int i = 1; i <= 6; i++) {
        Future<Integer> f = queued.get(i - 1);
        if (i % 2 == 0) {
          assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
        } else {
          int item = i;
          assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
              .hasCauseInstanceOf(IllegalArgumentException.class)
              .cause()
              .hasMessage("odd " + item);
        }
      }
    } finally {
      callers.shutdownNow();
    }
    // one batch at a time, the first alone, then the six in batches of at most four
    assertThat(mostAtOnce.get()).isEqualTo(1);
    assertThat(batches.get(0)).containsExactly(0);
    assertThat(batches.subList(1, batches.size()))
        .allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(4));
    assertThat(batches.subList(1, batches.size()).stream().mapToInt(List::size).sum()).isEqualTo(6);
    assertThat(batches).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void aBatchThatThrowsFailsEveryItemInItAndTheNextBatchStillRuns() {
    AtomicInteger calls = new AtomicInteger();
    GroupCommit<String, String> commit =
        new GroupCommit<>(
            (key, items) -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("ledger down");
              }
              return items.stream().map(GroupCommit.Outcome::of).toList();
            },
            8);

    assertThatThrownBy(() -> commit.submit("demo", "a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ledger down");
    assertThat(commit.submit("demo", "b")).isEqualTo("b");
  }

  @Test
  void keysDoNotWaitForEachOther() throws Exception {
    CountDownLatch acmeIsRunning = new CountDownLatch(1);
    CountDownLatch releaseAcme = new CountDownLatch(1);
    GroupCommit<String, String> commit =
        new GroupCommit<>(
            (key, items) -> {
              if (key.equals("acme")) {
                acmeIsRunning.countDown();
                await(releaseAcme);
              }
              return items.stream().map(GroupCommit.Outcome::of).toList();
            },
            8);
    ExecutorService callers = Executors.newSingleThreadExecutor();
    try {
      Future<String> acme = callers.submit(() -> commit.submit("acme", "a"));
      assertThat(acmeIsRunning.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(commit.submit("demo", "d")).isEqualTo("d");
      assertThat(acme.isDone()).isFalse();
      releaseAcme.countDown();
      assertThat(acme.get(10, TimeUnit.SECONDS)).isEqualTo("a");
    } finally {
      callers.shutdownNow();
    }
  }

  /** How many of the pool's threads wait (in GroupCommit.submit, for their turn or result). */
  private static long queuedThreads(ExecutorService pool) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("group-commit-caller-"))
        .filter(
            e ->
                java.util.Arrays.stream(e.getValue())
                    .anyMatch(
                        f ->
                            f.getMethodName().equals("submit")
                                && f.getClassName().endsWith("GroupCommit")))
        .filter(
            e ->
                java.util.Arrays.stream(e.getValue())
                    .noneMatch(f -> f.getMethodName().equals("runOneBatch")))
        .count();
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> new Thread(r, prefix + n.incrementAndGet());
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
