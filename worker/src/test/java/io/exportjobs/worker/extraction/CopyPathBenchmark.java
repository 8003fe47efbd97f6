package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.worker.extraction.ExtractionSettings.Reader;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * The COPY path alone, in this JVM, without Temporal's server or a worker process: 2,000,000
 * entries ({@code -Dbench.entries=N}) made by SQL in the test PostgreSQL, then in each of 3 rounds
 * ({@code -Dbench.rounds=N}) the text and binary {@code COPY … TO STDOUT} of the same rows into
 * nothing, and an ndjson and a csv extraction through the activity, with the CPU of each of this
 * JVM's threads (user and system, from /proc) while it ran. The binary COPY into nothing is the
 * floor of an extraction: what PostgreSQL spends sending the rows. Prints figures, asserts nothing.
 *
 * <p>{@code scripts/bench.sh -Dtest=CopyPathBenchmark}
 */
@Tag("bench")
class CopyPathBenchmark {

  static final int ENTRIES = Integer.getInteger("bench.entries", 2_000_000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  static final String COLUMNS =
      "seq, occurred_at, recorded_at, actor, action, resource, outcome, attributes, prev_hash, hash";

  @TempDir Path dataDir;
  private int jobs;

  @Test
  void extractionsBesideCopy() throws Exception {
    try (LedgerDatabase db = LedgerDatabase.postgres(Clock.systemUTC())) {
      load(db);
      for (int round = 1; round <= ROUNDS; round++) {
        double text = copySeconds(db, false);
        double binary = copySeconds(db, true);
        System.out.printf(
            "BENCH copy path, round %d: COPY TO STDOUT text %.2f s, binary %.2f s%n",
            round, text, binary);
        for (ExportFormat format : new ExportFormat[] {ExportFormat.NDJSON, ExportFormat.CSV}) {
          extract(db, format, text);
        }
      }
    }
  }

  /** Rows shaped like the e2e benchmarks' (LedgerFixtures), written by SQL: hashes not chained. */
  private static void load(LedgerDatabase db) throws SQLException {
    try (Connection c = db.pool.getConnection();
        var st = c.createStatement()) {
      long t0 = System.nanoTime();
      st.execute(
          "INSERT INTO ledger_entries (tenant, "
              + COLUMNS
              + ") SELECT 'demo', n,"
              + " timestamptz '2022-01-01 00:00:00+00' + n * interval '15768 microseconds',"
              + " timestamptz '2026-12-01 10:00:00.123456+00' + (n / 10000) * interval '1 s',"
              + " (array['alice','bob','carol','svc-billing','svc-backup'])[n % 5 + 1],"
              + " (array['user.login','document.read','document.delete','role.grant',"
              + "'export.requested'])[(n / 5) % 5 + 1], 'doc/' || (n % 997),"
              + " (array['success','success','success','failure','denied'])[(n / 3) % 5 + 1],"
              + " '{\"ip\":\"10.0.' || (n % 250) || '.' || (n % 7) || '\",\"n\":' || n ||"
              + " ',\"note\":\"entry ' || n || '\"}',"
              + " 'sha256:' || encode(sha256(int8send(n - 1)), 'hex'),"
              + " 'sha256:' || encode(sha256(int8send(n)), 'hex')"
              + " FROM generate_series(1, "
              + ENTRIES
              + ") n");
      st.execute("VACUUM ANALYZE ledger_entries");
      System.out.printf(
          "BENCH copy path: %,d entries made in %.1f s%n", ENTRIES, (System.nanoTime() - t0) / 1e9);
    }
  }

  private static double copySeconds(LedgerDatabase db, boolean binary) throws Exception {
    try (Connection c = db.pool.getConnection()) {
      String sql =
          "COPY (SELECT "
              + COLUMNS
              + " FROM ledger_entries WHERE tenant = 'demo' ORDER BY seq) TO STDOUT"
              + (binary ? " (FORMAT binary)" : "");
      long t0 = System.nanoTime();
      c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, OutputStream.nullOutputStream());
      return (System.nanoTime() - t0) / 1e9;
    }
  }

  private void extract(LedgerDatabase db, ExportFormat format, double textCopy) throws Exception {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      StagingArea staging = new StagingArea(dataDir.toString());
      env.registerActivitiesImplementations(
          new ExtractionActivitiesImpl(
              db.ledger,
              db.jobIndex,
              db.jobQueries,
              staging,
              Clock.systemUTC(),
              ProgressSignals.off(),
              db.pool,
              ExtractionSettings.defaults(Reader.COPY),
              ""));
      ExtractionActivities activities =
          env.newActivityStub(
              ExtractionActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(10))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      ExportRequest request =
          RunningJobs.record(
              db.jobIndex,
              "exp-demo-bench-" + ++jobs,
              ExportType.LEDGER,
              format,
              new TimeRange(
                  Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z")),
              ExportFilters.none(),
              Instant.parse("2030-01-01T00:00:00Z"));
      ThreadCpu cpu = ThreadCpu.start();
      long t0 = System.nanoTime();
      ExtractionResult result = activities.extract(request);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "BENCH   %s: %.2f s, text COPY ÷ it %.3f; %,d entries, %,d bytes; CPU of this JVM: %s%n",
          format.wire(),
          seconds,
          textCopy / seconds,
          result.entryCount(),
          result.bytesWritten(),
          cpu.stop());
      Files.delete(Path.of(result.stagingPath()));
    } finally {
      env.close();
    }
  }

  /**
   * User and system CPU of each thread of this JVM, from /proc/self/task, sampled every 50 ms so
   * that a thread which ends before the measurement does still counts.
   */
  private static final class ThreadCpu {
    private final Map<String, long[]> first = new HashMap<>();
    private final Map<String, long[]> last = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread sampler = new Thread(this::sampleUntilStopped, "thread-cpu");

    static ThreadCpu start() {
      ThreadCpu cpu = new ThreadCpu();
      cpu.sample();
      cpu.first.putAll(cpu.last);
      cpu.sampler.setDaemon(true);
      cpu.sampler.start();
      return cpu;
    }

    private void sampleUntilStopped() {
      try {
        while (!stopped.await(50, TimeUnit.MILLISECONDS)) {
          sample();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Stops sampling; answers the threads that used 0.05 core-s or more, and the total. */
    String stop() throws InterruptedException {
      stopped.countDown();
      sampler.join();
      sample();
      Map<String, String> busy = new TreeMap<>();
      long user = 0;
      long system = 0;
      for (Map.Entry<String, long[]> e : last.entrySet()) {
        long[] before = first.getOrDefault(e.getKey(), new long[2]);
        long u = e.getValue()[0] - before[0];
        long s = e.getValue()[1] - before[1];
        user += u;
        system += s;
        if (u + s >= 5) {
          busy.put(e.getKey(), String.format("user %.2f sys %.2f", u / 100.0, s / 100.0));
        }
      }
      return String.format("user %.2f sys %.2f core-s; %s", user / 100.0, system / 100.0, busy);
    }

    private synchronized void sample() {
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        tasks.forEach(
            task -> {
              try {
                String stat = Files.readString(task.resolve("stat"));
                String name = Files.readString(task.resolve("comm")).trim();
                // after the ")" that ends the name: fields 3 onwards; utime and stime are 14, 15
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                last.put(
                    name + "#" + task.getFileName(),
                    new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])});
              } catch (IOException ended) {
                // the thread ended between the listing and the read
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
