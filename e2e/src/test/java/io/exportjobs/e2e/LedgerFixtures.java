package io.exportjobs.e2e;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Realistic-looking ledger entries, appended in batches the way the api would. */
final class LedgerFixtures {

  private static final String[] ACTORS = {"alice", "bob", "carol", "svc-billing", "svc-backup"};
  private static final String[] ACTIONS = {
    "user.login", "document.read", "document.delete", "role.grant", "export.requested"
  };
  private static final Outcome[] OUTCOMES = {
    Outcome.SUCCESS, Outcome.SUCCESS, Outcome.SUCCESS, Outcome.FAILURE, Outcome.DENIED
  };

  private LedgerFixtures() {}

  static NewLedgerEntry entry(Instant occurredAt, int n) {
    return new NewLedgerEntry(
        occurredAt,
        ACTORS[n % ACTORS.length],
        ACTIONS[(n / 5) % ACTIONS.length],
        "doc/" + (n % 997),
        OUTCOMES[(n / 3) % OUTCOMES.length],
        Map.of("n", n, "ip", "10.0." + (n % 250) + "." + (n % 7), "note", "entry " + n));
  }

  /**
   * {@code count} entries spread evenly over {@code [from, to)}, appended in batches of {@code
   * batch} by {@code appenders} threads at once (batch i by thread i mod appenders), as that many
   * api requests would. Answers the seconds it took.
   */
  static double appendConcurrently(
      LedgerStore ledger,
      String tenant,
      Instant from,
      Instant to,
      int count,
      int appenders,
      int batch)
      throws Exception {
    long span = to.toEpochMilli() - from.toEpochMilli();
    int batches = (count + batch - 1) / batch;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(appenders);
    long t0 = System.nanoTime();
    try {
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (int a = 0; a < appenders; a++) {
        int appender = a;
        running.add(
            pool.submit(
                () -> {
                  for (int b = appender; b < batches; b += appenders) {
                    List<NewLedgerEntry> entries = new ArrayList<>(batch);
                    for (int i = b * batch; i < Math.min(count, (b + 1) * batch); i++) {
                      entries.add(entry(from.plusMillis(span * i / count), i));
                    }
                    ledger.append(tenant, entries);
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** {@code count} entries spread evenly over {@code [from, to)}, in batches of 10,000. */
  static void appendSpread(LedgerStore ledger, String tenant, Instant from, Instant to, int count) {
    long span = to.toEpochMilli() - from.toEpochMilli();
    List<NewLedgerEntry> batch = new ArrayList<>(10_000);
    for (int i = 0; i < count; i++) {
      batch.add(entry(from.plusMillis(span * i / count), i));
      if (batch.size() == 10_000) {
        ledger.append(tenant, batch);
        batch = new ArrayList<>(10_000);
      }
    }
    if (!batch.isEmpty()) {
      ledger.append(tenant, batch);
    }
  }
}
